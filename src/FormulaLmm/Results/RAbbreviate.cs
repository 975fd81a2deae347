using System.Text;

namespace FormulaLmm.Results;

/// <summary>
/// R's <c>abbreviate(names, minlength)</c> (default method), which lme4 uses for the labels of the
/// "Correlation of Fixed Effects" table ("(Intercept)" becomes "(Intr)"). Characters are dropped
/// from the right, never the first of a word, in rounds until the name is short enough: lower-case
/// vowels ending a word, other lower-case vowels, lower-case letters ending a word, other
/// lower-case letters, then anything. Names that come out equal are abbreviated again with a
/// larger minimum length.
/// </summary>
internal static class RAbbreviate
{
    /// <summary>Abbreviates each name to at least <paramref name="minLength"/> characters, keeping them distinct.</summary>
    public static string[] Abbreviate(IReadOnlyList<string> names, int minLength)
    {
        var trimmed = names.Select(n => n.Trim(' ')).ToArray();
        var unique = trimmed.Distinct(StringComparer.Ordinal).ToArray();
        var result = new string[unique.Length];
        var redo = Enumerable.Repeat(true, unique.Length).ToArray();
        int length = minLength;
        while (true)
        {
            for (int i = 0; i < unique.Length; i++)
                if (redo[i]) result[i] = One(unique[i], length);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var duplicated = result.Select(r => !seen.Add(r)).ToArray();
            if (!duplicated.Any(d => d)) break;
            length++;
            var clash = new HashSet<string>(result.Where((_, i) => duplicated[i]), StringComparer.Ordinal);
            for (int i = 0; i < unique.Length; i++) redo[i] = duplicated[i] || clash.Contains(result[i]);
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < unique.Length; i++) map[unique[i]] = result[i];
        return trimmed.Select(t => map[t]).ToArray();
    }

    /// <summary>One name, without the distinctness rounds (R's internal abbreviate).</summary>
    public static string One(string name, int minLength)
    {
        var b = new StringBuilder(name.Trim(' '));
        if (b.Length < minLength) return b.ToString();

        // Trailing spaces go; inner spaces are word boundaries and do not count.
        while (b.Length > 1 && b[^1] == ' ') b.Length--;
        int spaces = 0;
        for (int i = 1; i < b.Length; i++) if (b[i] == ' ') spaces++;
        bool Short() => b.Length - spaces <= minLength;

        bool IsSpace(int i) => b[i] == ' ';
        bool FirstOfWord(int i) => IsSpace(i - 1);
        bool LastOfWord(int i) => !IsSpace(i - 1) && (i + 1 >= b.Length || IsSpace(i + 1));
        bool LowerVowel(int i) => b[i] is 'a' or 'e' or 'i' or 'o' or 'u';
        bool Lower(int i) => b[i] is >= 'a' and <= 'z';

        var rounds = new Func<int, bool>[]
        {
            i => LowerVowel(i) && LastOfWord(i),
            i => LowerVowel(i) && !FirstOfWord(i),
            i => Lower(i) && LastOfWord(i),
            i => Lower(i) && !FirstOfWord(i),
            i => !FirstOfWord(i) && !IsSpace(i),
        };
        if (!Short())
        {
            foreach (var drop in rounds)
            {
                bool done = false;
                for (int i = b.Length - 1; i > 0; i--)
                {
                    if (i < b.Length && drop(i)) b.Remove(i, 1);
                    if (Short()) { done = true; break; }
                }
                if (done) break;
            }
        }
        if (b.Length > minLength)
            for (int i = b.Length - 1; i > 0; i--)
                if (b[i] == ' ') b.Remove(i, 1);
        return b.ToString();
    }
}
