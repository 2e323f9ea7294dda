"""One firm over time: its digital and management assessments with dates, their history and what changed."""
