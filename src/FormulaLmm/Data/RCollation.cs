namespace FormulaLmm.Data;

/// <summary>
/// The order in which R's <c>sort()</c> and <c>factor()</c> put character labels by default: R
/// built with ICU (Debian/Ubuntu, macOS and Windows builds) collates with the Unicode Collation
/// Algorithm's root rules in a C.UTF-8 or English locale. Three levels: first the letters
/// ignoring case and accents, with punctuation before digits before letters
/// (<c>"_x" &lt; "10" &lt; "9" &lt; "a1" &lt; "A10" &lt; "A2" &lt; "b"</c>); then accents; then
/// case, lower before upper (<c>"a" &lt; "A"</c>). Code-point order breaks remaining ties.
/// </summary>
/// <remarks>
/// Implemented here rather than through .NET's culture comparison because the project runs with
/// invariant globalization (where culture comparison is ordinal) and its results must not depend
/// on the host's ICU. Exact for printable ASCII and the accented Latin-1 letters (checked against
/// R 4.2: tests/FormulaLmm.Tests/Fixtures/crosscheck/collation.txt). Other characters are sorted
/// after 'z' by code point, which ICU does not always do (ø, æ, ß, non-Latin scripts).
/// R run with LC_COLLATE=C sorts by code point instead; give such level orders explicitly.
/// </remarks>
internal sealed class RCollation : IComparer<string>
{
    public static RCollation Instance { get; } = new();

    // ICU root's primary order of the ASCII punctuation and symbols (tab first), from R's sort().
    private const string Punctuation = "\t _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

    // Accented Latin-1 letters: base letter and accent rank (the secondary order ICU gives them:
    // acute < grave < circumflex < ring < diaeresis < tilde, cedilla on c).
    private const string Accented = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ";
    private const string AccentBase = "aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUY";
    private const string AccentKind = "21365472135213562136521351521365472135213562136521351";

    private static readonly int[] PrimaryOf = BuildPrimary();

    private static int[] BuildPrimary()
    {
        var p = new int[128];
        Array.Fill(p, -1);                          // controls: ignorable
        int w = 1;
        foreach (char c in Punctuation) p[c] = w++;
        for (char c = '0'; c <= '9'; c++) p[c] = w++;
        for (char c = 'a'; c <= 'z'; c++) { p[c] = w; p[char.ToUpperInvariant(c)] = w; w++; }
        return p;
    }

    private const int AfterAscii = 1000;

    /// <summary>The three weights of one character; primary −1 for an ignorable one.</summary>
    private static (int Primary, int Secondary, int Tertiary) Weights(char c)
    {
        if (c < 128) return (PrimaryOf[c], 0, c is >= 'A' and <= 'Z' ? 1 : 0);
        int k = Accented.IndexOf(c);
        if (k >= 0)
        {
            char b = AccentBase[k];
            return (PrimaryOf[b], AccentKind[k] - '0', b is >= 'A' and <= 'Z' ? 1 : 0);
        }
        return (AfterAscii + c, 0, 0);
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        for (int level = 0; level < 3; level++)
        {
            int c = CompareLevel(x, y, level);
            if (c != 0) return c;
        }
        return string.CompareOrdinal(x, y);
    }

    /// <summary>Compares the sequences of one level's weights (ignorable characters skipped).</summary>
    private static int CompareLevel(string x, string y, int level)
    {
        int i = 0, j = 0;
        while (true)
        {
            int wx = Next(x, ref i, level), wy = Next(y, ref j, level);
            if (wx < 0 || wy < 0) return wx < 0 ? (wy < 0 ? 0 : -1) : 1;
            if (wx != wy) return wx < wy ? -1 : 1;
        }
    }

    private static int Next(string s, ref int i, int level)
    {
        while (i < s.Length)
        {
            var (p, sec, t) = Weights(s[i++]);
            if (p < 0) continue;
            return level switch { 0 => p, 1 => sec, _ => t };
        }
        return -1;
    }
}
