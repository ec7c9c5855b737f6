def copy_frames(self):
    """Reads each R frame as a pandas DataFrame, copies it, and stores the copy."""
    for name in self.frames:
        frame = getattr(self, name)
        setattr(self, f"{name}_copy", frame.copy())
