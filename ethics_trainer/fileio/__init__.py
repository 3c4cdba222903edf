"""Safe file input and output: bounded reads of regular files, one atomic writer."""
