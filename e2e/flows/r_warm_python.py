import sys

WARM = "pandas" in sys.modules and "pyarrow" in sys.modules  # before this step touched a table


def report(self):
    self.warm = WARM and len(self.frame) == 3
