using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FormulaLmm.Diagnostics;

/// <summary>
/// The one JSON shape of a diagnostic, shared by every command's --json output:
/// {"code", "severity", "message", "start", "end"} with start/end (character offsets into the
/// formula, end exclusive) only when the diagnostic points into the formula.
/// </summary>
public static class DiagnosticJson
{
    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the diagnostic's fields into the object the writer has open.</summary>
    public static void WriteFields(Utf8JsonWriter writer, Diagnostic diagnostic)
    {
        writer.WriteString("code", diagnostic.Code);
        writer.WriteString("severity", diagnostic.Severity.ToString().ToLowerInvariant());
        writer.WriteString("message", diagnostic.Message);
        if (diagnostic.Span is { } span)
        {
            writer.WriteNumber("start", span.Start);
            writer.WriteNumber("end", span.End);
        }
    }

    /// <summary>The diagnostic as one compact JSON object.</summary>
    public static string ToJson(Diagnostic diagnostic)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, CompactOptions))
        {
            w.WriteStartObject();
            WriteFields(w, diagnostic);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
