using System.Collections;

namespace FormulaLmm.Diagnostics;

/// <summary>
/// The diagnostics of a result, in the one order every stage and every command shows them: errors
/// first, then by position in the formula (diagnostics without a position after those with one),
/// then in the order they were found. Immutable; combining two lists orders the union again, so a
/// list built from several stages reads the same way as one built by a single stage.
/// </summary>
public sealed class DiagnosticList : IReadOnlyList<Diagnostic>
{
    private readonly Diagnostic[] _items;

    private DiagnosticList(Diagnostic[] ordered) => _items = ordered;

    /// <summary>The list with no diagnostics.</summary>
    public static DiagnosticList Empty { get; } = new(Array.Empty<Diagnostic>());

    /// <summary>The diagnostics in the list's order (see <see cref="DiagnosticList"/>).</summary>
    /// <param name="diagnostics">Diagnostics in the order they were found.</param>
    /// <returns>An ordered, immutable list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="diagnostics"/> or one of its items is null.</exception>
    public static DiagnosticList From(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (diagnostics is DiagnosticList list) return list;
        var found = diagnostics.ToArray();
        if (found.Length == 0) return Empty;
        foreach (var d in found) ArgumentNullException.ThrowIfNull(d, nameof(diagnostics));
        var keys = new int[found.Length];
        for (int i = 0; i < keys.Length; i++) keys[i] = i;
        // Array.Sort is not stable; the index as the last key makes it so.
        Array.Sort(keys, (a, b) => Compare(found[a], a, found[b], b));
        var ordered = new Diagnostic[found.Length];
        for (int i = 0; i < keys.Length; i++) ordered[i] = found[keys[i]];
        return new DiagnosticList(ordered);
    }

    /// <summary>One diagnostic as a list.</summary>
    /// <param name="diagnostic">The diagnostic.</param>
    /// <returns>A list of one.</returns>
    public static DiagnosticList Of(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return new DiagnosticList(new[] { diagnostic });
    }

    /// <summary>This list and <paramref name="more"/> together, ordered again.</summary>
    /// <param name="more">Diagnostics found later (e.g. by the next stage).</param>
    /// <returns>The combined list; this list when <paramref name="more"/> is empty.</returns>
    public DiagnosticList Concat(IEnumerable<Diagnostic> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        var extra = more as IReadOnlyCollection<Diagnostic> ?? more.ToArray();
        if (extra.Count == 0) return this;
        if (_items.Length == 0) return From(extra);
        return From(_items.Concat(extra));
    }

    /// <summary>True when at least one diagnostic is an error.</summary>
    public bool HasErrors => _items.Length > 0 && _items[0].IsError;

    /// <summary>The errors, in order.</summary>
    public IEnumerable<Diagnostic> Errors => _items.TakeWhile(d => d.IsError);

    /// <summary>The first error, or null when there is none.</summary>
    public Diagnostic? FirstError => HasErrors ? _items[0] : null;

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public Diagnostic this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<Diagnostic> GetEnumerator() => ((IEnumerable<Diagnostic>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>Each diagnostic's one-line form, one per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, _items.Select(d => d.ToString()));

    private static int Compare(Diagnostic x, int xIndex, Diagnostic y, int yIndex)
    {
        int c = (y.IsError ? 1 : 0).CompareTo(x.IsError ? 1 : 0);
        if (c != 0) return c;
        c = (x.Span?.Start ?? int.MaxValue).CompareTo(y.Span?.Start ?? int.MaxValue);
        return c != 0 ? c : xIndex.CompareTo(yIndex);
    }
}
