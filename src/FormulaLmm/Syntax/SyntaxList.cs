using System.Collections;

namespace FormulaLmm.Syntax;

/// <summary>
/// An immutable list with structural equality, so that records holding children compare by value.
/// </summary>
public sealed class SyntaxList<T> : IReadOnlyList<T>, IEquatable<SyntaxList<T>>
{
    private readonly T[] _items;

    /// <summary>The list with no items (e.g. the arguments of a call such as <c>f()</c>).</summary>
    public static SyntaxList<T> Empty { get; } = new(Array.Empty<T>());

    /// <summary>A list holding a copy of <paramref name="items"/>, in their order.</summary>
    public SyntaxList(IEnumerable<T> items) => _items = items.ToArray();

    /// <summary>The item at a 0-based position.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public T this[int index] => _items[index];

    /// <summary>Number of items.</summary>
    public int Count => _items.Length;

    /// <summary>Enumerates the items in order.</summary>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>True when both lists hold equal items (by the items' own equality) in the same order.</summary>
    public bool Equals(SyntaxList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    /// <summary>True when <paramref name="obj"/> is a <see cref="SyntaxList{T}"/> with equal items in the same order.</summary>
    public override bool Equals(object? obj) => Equals(obj as SyntaxList<T>);

    /// <summary>A hash of the items in order, consistent with <see cref="Equals(SyntaxList{T})"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }
}
