from braid import FlowSpec, Parameter, current, schedule, step, trigger, trigger_on_finish


@trigger(event="sales_updated")
@trigger(events=["prices_ready", {"name": "stock_ready", "parameters": ["rows"]}])
@trigger(
    event={"name": "model_request", "parameters": {"alpha": "alpha_field"}},
    max_concurrent=2,
)
@trigger_on_finish(flows=["IngestFlow", "CleanFlow"])
@schedule(cron="*/15 * * * *", timezone="Europe/Helsinki")
class TriggeredFlow(FlowSpec):
    alpha = Parameter("alpha", default=0.5)
    rows = Parameter("rows", default=10)

    @step
    def start(self):
        self.started_by = current.trigger.type if current.trigger else None
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TriggeredFlow()
