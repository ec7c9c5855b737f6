import Glibc
import Testing
@testable import BraidCore

/// Reading a process group's resident memory from /proc.
@Suite struct GroupMemoryTests {
    @Test func sumsTheResidentMemoryOfAGroupsProcesses() throws {
        // A shell and its two sleeps: three processes, each holding a little memory.
        let process = try WorkerProcess.spawn(WorkerCommand(executable: "/bin/sh", arguments: ["-c", "echo ready; sleep 30 & sleep 30 & wait"]),
                                              environment: ["PATH": "/usr/bin:/bin"])
        defer { WorkerTeardown.stop(process, grace: .zero) }
        var entry = pollfd(fd: process.stdoutFD, events: Int16(POLLIN), revents: 0)
        _ = poll(&entry, 1, 5_000)
        let all = GroupMemory.residentMB(ofGroups: [process.pid, getpgrp()])
        #expect(all[process.pid] != nil, "the group is found")
        #expect((all[getpgrp()] ?? 0) > (all[process.pid] ?? 0), "this test process holds more than a shell and two sleeps")
        #expect(GroupMemory.residentMB(ofGroups: []).isEmpty)
    }
}
