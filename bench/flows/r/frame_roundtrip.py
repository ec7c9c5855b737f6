import time


def pass_on(self):
    """Reads R's frame as a pandas DataFrame and stores it again for the next R step."""
    frame = self.frame
    self.py_loaded_at = time.time()
    assert int(frame["i"].sum()) == self.rows * (self.rows - 1) // 2
    self.back = frame
    self.py_done_at = time.time()
