"""Gazetteers: records and lookup (the shipped file), the curated records, extraction, the news-scale one."""
