"""The fenced blocks of the book's Markdown, and the commands its run blocks hold.

Shared by tools/test-book-runs (which re-runs the ```{.run} blocks) and
tools/book-commands (which lists every command for tools/memcheck), so that
both read the blocks the same way.  tools/book.lua, which runs the blocks
while weaving, reads them through pandoc; the syntax is the one it accepts:
a fence of three or more backquotes or tildes, an info string such as
{.run exit=2} or {.plotrun #fig:x script="figures/x.gp" caption="..."},
the command, and a closing fence of the same kind.
"""
import re

FENCE = re.compile(r'^(\s*)(`{3,}|~{3,})\s*(.*)$')
RUN_CLASSES = ('run', 'dotrun', 'plotrun')


def fenced_blocks(path):
    """(line number, info string, body lines) of each fenced block of PATH."""
    blocks, current = [], None
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            m = FENCE.match(line)
            if current is None:
                if m:
                    current = (n, m.group(2), m.group(3).strip(), [])
            elif m and m.group(2)[0] == current[1][0] and len(m.group(2)) >= len(current[1]) \
                    and m.group(3).strip() == '':
                blocks.append((current[0], current[2], current[3]))
                current = None
            else:
                current[3].append(line)
    return blocks


def classes(info):
    """The classes of an info string: {.run exit=2} -> {'run'}; c -> {'c'}."""
    return set(re.findall(r'(?:^|[\s{])\.([\w-]+)', info)) | ({info} if re.match(r'^\w+$', info) else set())


def run_blocks(path):
    """(line number, class, expected exit status, command) of each block PATH runs."""
    for line, info, body in fenced_blocks(path):
        kind = [c for c in RUN_CLASSES if c in classes(info)]
        if kind:
            m = re.search(r'\bexit=(\d+)', info)
            yield line, kind[0], int(m.group(1)) if m else 0, '\n'.join(body).strip()
