"""Reading and validating the content folder (courses, lessons, question banks). No Qt here."""
