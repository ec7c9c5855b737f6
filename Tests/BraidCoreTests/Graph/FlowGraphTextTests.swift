import Testing
@testable import BraidCore

extension GraphTests {
    @Suite struct FlowGraphText {
        @Test func showsAMixedLanguageFlow() throws {
            let graph = try SpecFixtures.graph("mixed_languages")
            #expect(graph.text == """
                PricingFlow (python, pricing.py)

                Parameters:
                  rows: int = 10000  (rows to simulate)
                  label: str, required  (a label for the run)

                Steps:
                  start [start]  python start()  pricing.py:10
                    => clean
                  clean [linear]  r clean_sales()  clean.R:16
                    => fit
                  fit [foreach]  python fit()  pricing.py:20
                    => train (foreach over 'grid')
                    train [linear]  r train_model()  clean.R:30
                      => join
                  join [join]  python join()  pricing.py:30
                    closes fit
                    => end
                  end [end]  python end()  pricing.py:35

                """)
        }

        @Test func indentsStepsBySplitNesting() throws {
            let graph = try SpecFixtures.graph("branch_inside_foreach")
            #expect(graph.text == """
                BranchInsideForeachFlow (python, branch_inside_foreach.py)

                Steps:
                  start [start, foreach]  python start()  branch_inside_foreach.py:6
                    => fan (foreach over 'items')
                    fan [branch]  python fan()  branch_inside_foreach.py:11
                      => stats, plot
                      stats [linear]  python stats()  branch_inside_foreach.py:16
                        => combine
                      plot [linear]  python plot()  branch_inside_foreach.py:21
                        => combine
                    combine [join]  python combine()  branch_inside_foreach.py:26
                      closes fan
                      => collect
                  collect [join]  python collect()  branch_inside_foreach.py:31
                    closes start
                    => end
                  end [end]  python end()  branch_inside_foreach.py:36

                """)
        }

        @Test func showsDecoratorsWithSortedArguments() throws {
            let graph = try SpecFixtures.graph("decorators")
            #expect(graph.text == """
                DecoratedFlow (python, decorators.py)

                Steps:
                  start [start]  python start()  decorators.py:7
                    @environment(vars={"API_URL":"https://example.com","MODE":"test"})
                    => fetch
                  fetch [linear]  python fetch()  decorators.py:14
                    @retry(minutes_between_retries=0.5, times=2)
                    @timeout(minutes=5, seconds=30)
                    => fit
                  fit [linear]  python fit()  decorators.py:22
                    @resources(cpu=2, gpu=1, memory=4096)
                    @catch(print_exception=false, var="fit_error")
                    @retry
                    => end
                  end [end]  python end()  decorators.py:27

                """)
        }
    }
}
