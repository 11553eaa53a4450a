"""Stand-ins for the engine that misbehave on purpose (the real engine is used everywhere else):
`CrashingSimulation` raises after a simulated second, `HungrySimulation` eats memory,
`IdleSimulation` costs next to nothing (for tests that need many runs playing at once)."""

from __future__ import annotations


class _Base:
    def __init__(self, design, seed):
        self.design, self.seed, self.now = design, seed, 0.0

    @property
    def done(self) -> bool:
        return self.now >= self.design.run.duration

    def frame(self) -> dict:
        return {"t": self.now, "global": {"rps": 1.0}, "nodes": {}, "edges": {}, "events": []}

    def inject(self, fault):
        pass

    def set_props(self, node_id, props):
        pass

    def report(self) -> dict:
        return {"seed": self.seed, "duration": self.now}


class CrashingSimulation(_Base):
    def advance(self, dt):
        self.now += dt
        if self.now > 1.0:
            raise RuntimeError("the engine fell over")
        return self.frame()


class HungrySimulation(_Base):
    hoard: list = []

    def advance(self, dt):
        self.now += dt
        if self.now > 0.5:
            self.hoard.append(bytearray(64 * 1024 * 1024))
        return self.frame()


class LimitedSimulation(_Base):
    """Stops itself at one of the engine's own limits after two simulated seconds."""

    def advance(self, dt):
        from simengine.simulation import RunLimitExceeded

        self.now += dt
        if self.now > 2.0:
            raise RunLimitExceeded("run stopped: too many requests in flight")
        return self.frame()


class IdleSimulation(_Base):
    """Plays its duration doing nothing: a seat holder that costs no CPU (at "max" a simulated
    second takes 10 ms of sleep, so a long run stays playing for a test's length)."""

    def advance(self, dt):
        import time

        time.sleep(0.01)
        self.now += dt
        return self.frame()


class NibblingSimulation(_Base):
    """Eats memory in small objects, so the MemoryError can strike anywhere (even while a frame
    or the error message is being built)."""

    hoard: list = []

    def advance(self, dt):
        self.now += dt
        if self.now > 0.5:
            for _ in range(200_000):
                self.hoard.append([self.now] * 8)
        return self.frame()


class ReportHungrySimulation(_Base):
    """Runs normally and runs out of memory while building its report (at the end)."""

    hoard: list = []

    def advance(self, dt):
        self.now += dt
        return self.frame()

    def report(self) -> dict:
        while True:
            self.hoard.append(bytearray(16 * 1024 * 1024))


class WrappingSimulation(_Base):
    """Runs out of memory, and wraps the MemoryError in an error of its own (as a library may)."""

    hoard: list = []

    def advance(self, dt):
        self.now += dt
        if self.now > 0.5:
            try:
                while True:
                    self.hoard.append(bytearray(32 * 1024 * 1024))
            except MemoryError as exc:
                raise RuntimeError("could not grow the event queue") from exc
        return self.frame()
