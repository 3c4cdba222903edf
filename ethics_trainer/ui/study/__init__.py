"""The self-study feature of the main window: controllers the window constructs and connects
by signals (quiz, practice and review, search)."""
