import Testing

@testable import BlackHailCore

/// What wakes a watch between looks: a wake-up before the wait ends it at once, one during it ends it, and
/// cancelling (Ctrl-C) ends it too.
@Suite struct OrderWakeupsTests {
    @Test func aWakeUpBeforeTheWaitIsNotLost() async {
        let wakeups = OrderWakeups()
        wakeups.wake("a")
        wakeups.wake("b")
        await wakeups.woken()
        #expect(wakeups.take() == ["a", "b"])
        #expect(wakeups.take().isEmpty)
    }

    @Test func aWakeUpDuringTheWaitEndsIt() async {
        let wakeups = OrderWakeups()
        async let woken: Void = wakeups.woken()
        // Whether the waiter is there yet or not, the wake-up ends its wait.
        wakeups.wake("a")
        await woken
        #expect(wakeups.take() == ["a"])
    }

    @Test func cancellingEndsTheWait() async {
        let wakeups = OrderWakeups()
        let waiting = Task { await wakeups.woken() }
        waiting.cancel()
        await waiting.value
        #expect(wakeups.take().isEmpty)
    }
}
