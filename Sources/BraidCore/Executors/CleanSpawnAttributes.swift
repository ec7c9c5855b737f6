import Glibc

/// posix_spawn attributes for a child that starts clean: default dispositions
/// for every signal (the engine ignores SIGPIPE and catches SIGINT; a child
/// must not inherit that) and an empty signal mask, plus the caller's flags.
final class CleanSpawnAttributes {
    var value = posix_spawnattr_t()

    init(flags: Int32) {
        posix_spawnattr_init(&value)
        var defaults = sigset_t(), empty = sigset_t()
        sigfillset(&defaults)
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&value, &defaults)
        posix_spawnattr_setsigmask(&value, &empty)
        posix_spawnattr_setflags(&value, Int16(flags | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    }

    deinit { posix_spawnattr_destroy(&value) }
}
