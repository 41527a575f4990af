"""Text helpers every stage shares (CJK ranges and joining, pinyin slugs); they import no engine module."""
