"""A one-line progress bar for long management commands, shown only on a terminal."""

import sys


def progress_bar(label: str, stream=None):
    """A callback(done, total) that redraws '<label> [#####     ] 4,000/12,744' in place."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None
    width, last = 30, [-1]

    def update(done: int, total: int):
        filled = width * done // max(total, 1)
        if filled == last[0] and done != total:
            return
        last[0] = filled
        stream.write(f"\r{label} [{'#' * filled}{' ' * (width - filled)}] {done:,}/{total:,}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return update
