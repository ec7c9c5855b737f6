def finish(self):
    self.doubled = self.total * 2
