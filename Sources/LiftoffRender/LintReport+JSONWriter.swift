import LiftoffKit

extension LintReport {
    /// `liftoff lint --format json`: the same bytes as `jsonValue.prettySerialized()`, written
    /// straight out (keys in sorted order, as that writer sorts them) because a large runbook's
    /// report has tens of thousands of objects (Benchmarks/README.md).
    public func json() -> String {
        var w = PrettyJSONWriter(capacity: 256 + steps.count * 512)
        write(into: &w)
        return w.finish()
    }

    /// The same bytes handed to `sink` in chunks of about `chunkSize`, for writing a large
    /// report out as it is made (`liftoff lint --format json`).
    public func writeJSON(chunkSize: Int = 1 << 20, to sink: @escaping ([UInt8]) -> Void) {
        var w = PrettyJSONWriter(chunkSize: chunkSize, sink: sink)
        write(into: &w)
        w.finishStream()
    }

    private func write(into w: inout PrettyJSONWriter) {
        w.beginObject()
        w.key("annotations"); w.beginArray()
        for a in annotations {
            w.element(); w.beginObject()
            w.key("column"); w.int(a.column)
            w.key("form"); w.string(a.form)
            w.key("line"); w.int(a.line)
            w.key("section"); w.string(a.section)
            w.key("step"); w.string(a.step)
            w.key("text"); w.string(a.text)
            w.endObject()
        }
        w.endArray()
        w.key("commands"); w.beginArray()
        for c in commands {
            w.element(); w.beginObject()
            w.key("code"); w.string(c.code)
            w.key("expected"); w.string(c.expected)
            w.key("language"); w.string(c.language)
            w.key("line"); w.int(c.line)
            w.key("section"); w.string(c.section)
            w.key("step"); w.string(c.step)
            w.endObject()
        }
        w.endArray()
        w.key("diagnostics"); w.beginArray()
        for d in diagnostics {
            w.element(); w.beginObject()
            w.key("code"); w.string(d.code)
            w.key("column"); w.int(d.column)
            w.key("hint"); w.string(d.hint)
            w.key("line"); w.int(d.line)
            w.key("message"); w.string(d.message)
            w.key("severity"); w.string(d.severity)
            w.endObject()
        }
        w.endArray()
        w.key("gates"); w.beginArray()
        for g in gates {
            w.element(); w.beginObject()
            w.key("end"); w.int(g.end)
            w.key("id"); w.string(g.id)
            w.key("line"); w.int(g.line)
            w.key("roles"); w.strings(g.roles)
            w.key("start"); w.int(g.start)
            w.key("title"); w.string(g.title)
            w.endObject()
        }
        w.endArray()
        w.key("healthy"); w.beginArray()
        for h in healthy {
            w.element(); w.beginObject()
            w.key("column"); w.int(h.column)
            w.key("kind"); w.string(h.kind)
            w.key("line"); w.int(h.line)
            w.key("op"); w.string(h.op)
            w.key("signal"); w.string(h.signal)
            w.key("text"); w.string(h.text)
            w.key("unit"); w.string(h.unit)
            w.key("value"); w.double(h.value)
            w.endObject()
        }
        w.endArray()
        w.key("phases"); w.beginArray()
        for p in phases {
            w.element(); w.beginObject()
            w.key("anchor"); w.string(p.anchor)
            w.key("end"); w.int(p.end)
            w.key("endAt"); w.string(p.endAt)
            w.key("id"); w.string(p.id)
            w.key("line"); w.int(p.line)
            w.key("owner"); w.string(p.owner)
            w.key("parent"); w.string(p.parent)
            w.key("start"); w.int(p.start)
            w.key("startAt"); w.string(p.startAt)
            w.key("title"); w.string(p.title)
            w.endObject()
        }
        w.endArray()
        w.key("placeholders"); w.beginArray()
        for p in placeholders {
            w.element(); w.beginObject()
            w.key("filled"); w.bool(p.filled)
            w.key("lines"); w.ints(p.lines)
            w.key("name"); w.string(p.name)
            w.endObject()
        }
        w.endArray()
        w.key("possiblePlaceholders"); w.beginArray()
        for p in possiblePlaceholders {
            w.element(); w.beginObject()
            w.key("column"); w.int(p.column)
            w.key("line"); w.int(p.line)
            w.key("style"); w.string(p.style)
            w.key("text"); w.string(p.text)
            w.endObject()
        }
        w.endArray()
        w.key("runbook"); w.beginObject()
        w.key("file"); w.string(runbook.file)
        w.key("title"); w.string(runbook.title)
        w.endObject()
        w.key("steps"); w.beginArray()
        for s in steps {
            w.element(); w.beginObject()
            w.key("column"); w.int(s.column)
            w.key("commands"); w.ints(s.commands)
            w.key("done"); w.bool(s.done)
            w.key("end"); w.int(s.end)
            w.key("endAt"); w.string(s.endAt)
            w.key("id"); w.string(s.id)
            w.key("kind"); w.string(s.kind)
            w.key("line"); w.int(s.line)
            w.key("owner"); w.string(s.owner)
            w.key("parent"); w.string(s.parent)
            w.key("rollback"); w.bool(s.rollback)
            w.key("section"); w.string(s.section)
            w.key("start"); w.int(s.start)
            w.key("startAt"); w.string(s.startAt)
            w.key("text"); w.string(s.text)
            w.endObject()
        }
        w.endArray()
        w.key("triggers"); w.beginArray()
        for t in triggers {
            w.element(); w.beginObject()
            w.key("action"); w.string(t.action)
            w.key("activeForSeconds"); w.int(t.activeForSeconds)
            w.key("bound"); w.bool(t.bound)
            w.key("column"); w.int(t.column)
            w.key("forSeconds"); w.int(t.forSeconds)
            w.key("forVariable"); w.string(t.forVariable)
            w.key("line"); w.int(t.line)
            w.key("op"); w.string(t.op)
            w.key("relative"); w.string(t.relative)
            w.key("signal"); w.string(t.signal)
            w.key("text"); w.string(t.text)
            w.key("unit"); w.string(t.unit)
            w.key("value"); w.double(t.value)
            w.key("valueVariable"); w.string(t.valueVariable)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
