from braid import FlowSpec, schedule, step


@schedule(daily=True, timezone="Mars/Olympus_Mons")
class TriggeredBadZoneFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TriggeredBadZoneFlow()
