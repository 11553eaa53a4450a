"""Live runs: a design played in its own worker process and streamed over a websocket.

`protocol` is the vocabulary (message types, speeds, fault kinds, pipe tags); `consumers` are
the thin websocket ends, `session` the run's state machine they drive (`session_start`,
`controls` check what arrives; `backpressure` and `watch_along` shape what leaves); `runner`
starts, reads and kills workers from the event loop; `worker` and `playback` are the child
process (Django-free: the fork server preloads them with the engine); `services` and
`watch_links` reach the database; `limits` caps how many runs may play at once. "Check my
design" is `checks` (its state machine beside `session`) and `check_worker` (its process, which
runs simengine.verify).
Keep this file free of imports: the fork server imports the package to reach `worker`.
"""
