"""The command line (build, check, serve, new), the dev server and scaffolding."""
