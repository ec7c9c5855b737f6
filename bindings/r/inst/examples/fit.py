def fit(self):
    """Reads the R step's data.frame as a pandas DataFrame and picks the
    learning rates to try; the R flow fans out over them (foreach = "grid")."""
    sales = self.sales
    print(f"python sees {len(sales)} sales, mean units {sales['units'].mean():.2f} ({type(sales).__name__})")
    self.grid = [0.1, 0.05, 0.01]
