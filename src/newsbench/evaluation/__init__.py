"""Scoring systems against the gold: tasks and metrics, submissions, the scorer, significance, the leaderboard."""
