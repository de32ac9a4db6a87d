"""What is not the app itself but works on it: the demo data set and the benchmark (its data
figures, the UI's in a process of its own, and many sessions saving at once)."""
