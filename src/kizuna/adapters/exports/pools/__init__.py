"""Pool statements for founders and members as PDF, in Japanese and English."""
