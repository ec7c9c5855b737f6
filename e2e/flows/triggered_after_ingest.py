"""Starts when a run of IngestFlow succeeds; reads the upstream run through current.trigger."""
from braid import FlowSpec, current, step, trigger_on_finish


@trigger_on_finish(flow="IngestFlow")
class AfterIngestFlow(FlowSpec):
    @step
    def start(self):
        trigger = current.trigger
        self.trigger_type = trigger.type
        self.event_name = trigger.event.name
        self.upstream_flow = trigger.event.flow
        self.upstream_run_id = trigger.event.run_id
        self.upstream_pathspec = trigger.run.pathspec
        self.upstream_rows = trigger.run.data.rows
        self.upstream_runs = [run.pathspec for run in trigger.runs]
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    AfterIngestFlow()
