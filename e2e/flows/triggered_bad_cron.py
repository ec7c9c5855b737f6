from braid import FlowSpec, schedule, step


@schedule(cron="*/15 25 * * *")
class TriggeredBadCronFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TriggeredBadCronFlow()
