"""Media: theme and site assets with hashed names, raster images, share cards and QR codes."""
