def fit(self):
    self.x = 1
