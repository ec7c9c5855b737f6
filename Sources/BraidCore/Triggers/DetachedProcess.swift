import Glibc

/// Starts a process that outlives its parent: its own session (no terminal
/// signals, no SIGHUP when the parent's terminal closes), standard input from
/// /dev/null, standard output and error appended to a log file. The trigger
/// service starts each run's engine this way, so stopping or killing the
/// service never stops a run.
enum DetachedProcess {
    /// glibc's POSIX_SPAWN_SETSID (2.26 and later), which Swift's Glibc module does not import.
    private static let posixSpawnSetSID: Int32 = 0x80

    /// - Returns: the child's pid.
    static func spawn(_ argv: [String], environment: [String: String], logPath: String) throws(SystemError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        _ = SystemCalls.addCloseFrom(&actions, 3)

        let attributes = CleanSpawnAttributes(flags: posixSpawnSetSID)
        let arguments = CStringArray(argv)
        let variables = CStringArray(environment.map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes.value, arguments.pointers, variables.pointers)
        guard result == 0 else { throw SystemError("posix_spawn \(argv[0])", result) }
        return pid
    }
}
