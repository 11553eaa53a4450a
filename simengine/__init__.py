"""simengine: a discrete-event simulation of AWS architectures on simpy.

Pure Python. Imports nothing from Django or playground (a test keeps it so). A design document
(format 1) is parsed once at the boundary into frozen dataclasses (`simengine.design`); the
engine runs those.

    from simengine.validation import parse_design
    from simengine.simulation import Simulation

    sim = Simulation(parse_design(document), seed=1)
    frame = sim.advance(1.0)          # DESIGN.md "Metrics frames"
    sim.inject({"kind": "az_outage", "target": "us-east-1b", "duration": 120})
    sim.set_props("users", {"rate": 400})
    report = sim.run_to_end()         # DESIGN.md "Report"

Where things are: `simulation` (the runner), `components/` (one module per kind: its `SPEC`
beside its class, listed in `components.KINDS`; the contract is in `components/base.py`;
README.md says how to add a kind), `spec` and `catalogue` (what kinds and props say about
themselves), `changes` (live changes, checked like a design), `run_limits`, `metrics`
(histograms and integrals), `report` (frames and the report), `faults` (faults, RTO, RPO),
`network` (latency table), `traffic` (arrival patterns), `rng` (seeded block-drawn streams),
`walker` (runs a request's generator on simpy events), `cli` (`python -m simengine`).
"""
