def fit(self):
    """The learning rates to try; the R flow fans out over them (foreach = "grid")."""
    self.grid = [0.1, 0.05, 0.01]
