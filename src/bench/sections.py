"""One way to put a scenario's section into the benchmark report (src/bench/reports/latest.md)."""


def put_section(md, title, section, before):
    """Replaces the section headed `title` in the report's lines `md`, or inserts it before the first line that starts
    with `before` (at the end when there is none)."""
    if title in md:
        start = md.index(title)
        end = next((i for i in range(start + 1, len(md)) if md[i].startswith("## ")), len(md))
        md[start:end] = section
    else:
        at = next((i for i, l in enumerate(md) if l.startswith(before)), len(md))
        md[at:at] = section
    return md
