from braid import FlowSpec, current, schedule, step


@schedule(cron="* * * * *")
class EveryMinuteFlow(FlowSpec):
    @step
    def start(self):
        self.tick = current.trigger.event.payload
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    EveryMinuteFlow()
