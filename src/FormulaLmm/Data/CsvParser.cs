using System.Runtime.CompilerServices;
using System.Text;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Data;

/// <summary>
/// The CSV engine behind <see cref="CsvReader"/>, working on UTF-8 bytes.
/// Pass 1 finds record boundaries (quote-aware, vectorised searches). Pass 2 parses blocks of rows
/// in parallel: numbers straight from bytes into a double[] per column, labels interned through a
/// span-keyed dictionary, so no string is made per numeric field. A column turns categorical in a
/// block at its first non-number, re-reading only that block's earlier rows; blocks are then merged.
/// </summary>
internal sealed class CsvParser
{
    private const int RowsPerBlockMinimum = 32_768;

    private readonly byte[] _data;
    private readonly int _begin;
    private readonly byte _separator;
    private readonly CsvReadOptions _options;
    private readonly string? _name;
    private readonly byte[][] _missing;
    private readonly bool _defaultMissing;

    private int[] _recordStart = Array.Empty<int>();
    private int[] _recordEnd = Array.Empty<int>();
    private int _recordCount;

    public CsvParser(byte[] data, CsvReadOptions options, string? name)
    {
        _data = data;
        _begin = data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
        if (options.Separator > 127 || options.Separator is '"' or '\n' or '\r' or ' ')
            throw new ArgumentException($"the separator must be an ASCII character other than a quote, space or line break, not '{options.Separator}'");
        _separator = (byte)options.Separator;
        _options = options;
        _name = name;
        _missing = options.MissingTokens.Select(t => Encoding.UTF8.GetBytes(t.Trim())).ToArray();
        _defaultMissing = options.MissingTokens.Count == 2 && options.MissingTokens.Contains("") && options.MissingTokens.Contains("NA");
    }

    private string Source => _name is null ? "the data" : $"'{_name}'";

    public Table Parse()
    {
        try { FindRecords(); }
        catch (CsvFormatError e) { throw e.ToException(_data); }
        if (_recordCount == 0)
            throw DataErrors.Error(DataCodes.EmptyFile, $"{Source} is empty: a CSV file needs a header row with the column names");
        var names = ReadHeader();
        var plans = PlanColumns(names);
        int rows = _recordCount - 1;

        var values = new double[plans.Length][];
        var codes = new int[plans.Length][];
        for (int j = 0; j < plans.Length; j++)
        {
            if (plans[j].ForceCategorical) codes[j] = new int[rows];
            else values[j] = new double[rows];
        }

        int blockCount = rows < 2 * RowsPerBlockMinimum ? 1 : Math.Min(2 * Environment.ProcessorCount, rows / RowsPerBlockMinimum);
        var blocks = new Block[blockCount];
        for (int b = 0; b < blockCount; b++)
            blocks[b] = new Block(this, plans, values, codes, (int)((long)rows * b / blockCount), (int)((long)rows * (b + 1) / blockCount));
        RunBlocks(blocks);

        var columns = new TableColumn[plans.Length];
        for (int j = 0; j < plans.Length; j++)
            columns[j] = blocks.Any(b => b.IsText(j))
                ? MergeCategorical(j, plans[j], blocks, codes, rows)
                : new NumericColumn(plans[j].Name, values[j]);
        return new Table(columns, _name);
    }

    private void RunBlocks(Block[] blocks)
    {
        try
        {
            if (blocks.Length == 1) blocks[0].Run();
            else Parallel.For(0, blocks.Length, b => blocks[b].Run());
        }
        catch (CsvFormatError e)
        {
            throw e.ToException(_data);
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions.All(e => e is CsvFormatError))
        {
            // Report the problem nearest the top of the file, as a sequential read would: a block
            // that had not started when another failed may hold an earlier one, so re-read in order.
            foreach (var block in blocks)
            {
                try { block.Run(); }
                catch (CsvFormatError e) { throw e.ToException(_data); }
            }
            throw ex.Flatten().InnerExceptions.Cast<CsvFormatError>().MinBy(e => e.Position)!.ToException(_data);
        }
    }

    // ---------------------------------------------------------------- pass 1: records

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FindRecords()
    {
        var data = _data;
        int n = data.Length;
        int estimate = data.AsSpan(_begin).Count((byte)'\n') + 1;
        _recordStart = new int[estimate];
        _recordEnd = new int[estimate];
        int count = 0;
        int pos = _begin;
        while (pos < n)
        {
            int recordStart = pos, recordEnd, p = pos;
            while (true)
            {
                int rel = data.AsSpan(p).IndexOfAny((byte)'\n', (byte)'"');
                if (rel < 0) { recordEnd = n; pos = n; break; }
                int at = p + rel;
                if (data[at] == '\n') { recordEnd = at; pos = at + 1; break; }
                p = IsFieldStart(at, recordStart) ? SkipQuoted(at) : at + 1;
            }
            if (recordEnd > recordStart && data[recordEnd - 1] == '\r') recordEnd--;
            // Blank lines are skipped, as read.csv does (blank.lines.skip).
            if (data.AsSpan(recordStart, recordEnd - recordStart).IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') < 0) continue;
            if (count == _recordStart.Length)
            {
                Array.Resize(ref _recordStart, count * 2);
                Array.Resize(ref _recordEnd, count * 2);
            }
            _recordStart[count] = recordStart;
            _recordEnd[count] = recordEnd;
            count++;
        }
        _recordCount = count;
    }

    /// <summary>A quote opens a quoted field only at the field's start (after optional blanks).</summary>
    private bool IsFieldStart(int quote, int recordStart)
    {
        int k = quote - 1;
        while (k >= recordStart && IsBlank(_data[k])) k--;
        return k < recordStart || _data[k] == _separator;
    }

    /// <summary>The position after the closing quote of the quoted field opening at <paramref name="quote"/>.</summary>
    private int SkipQuoted(int quote)
    {
        int c = quote + 1;
        while (true)
        {
            int rel = _data.AsSpan(c).IndexOf((byte)'"');
            if (rel < 0)
                throw new CsvFormatError(DataCodes.UnterminatedQuote, quote,
                    line => $"line {line} of {Source}: a quoted field opened here is never closed (a '\"' is missing)");
            c += rel;
            if (c + 1 < _data.Length && _data[c + 1] == '"') { c += 2; continue; }
            return c + 1;
        }
    }

    private bool IsBlank(byte b) => (b == ' ' || b == '\t') && b != _separator;

    // ---------------------------------------------------------------- fields

    /// <summary>
    /// Reads the field starting at <paramref name="p"/> of a record ending at <paramref name="end"/>.
    /// The content is [start, stop): inside the quotes, or the unquoted text trimmed of blanks.
    /// Returns where the next field starts; a value past <paramref name="end"/> ends the record.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int NextField(int p, int end, out int start, out int stop, out bool quoted, out bool escaped)
    {
        var d = _data;
        int q = p;
        while (q < end && IsBlank(d[q])) q++;
        if (q < end && d[q] == '"')
        {
            quoted = true;
            escaped = false;
            int c = q + 1;
            while (true)
            {
                int rel = d.AsSpan(c, end - c).IndexOf((byte)'"');
                if (rel < 0) throw new InvalidOperationException("pass 1 and pass 2 disagree about a quoted field");
                c += rel;
                if (c + 1 < end && d[c + 1] == '"') { escaped = true; c += 2; continue; }
                break;
            }
            start = q + 1;
            stop = c;
            int k = c + 1;
            while (k < end && IsBlank(d[k])) k++;
            if (k == end) return end + 1;
            if (d[k] == _separator) return k + 1;
            string preview = Preview(start, stop);
            throw new CsvFormatError(DataCodes.TextAfterClosingQuote, k,
                line => $"line {line} of {Source}: unexpected text after the closing quote of \"{preview}\"; " +
                        "a quote inside a quoted field must be doubled (\"\")");
        }
        quoted = escaped = false;
        int sep = d.AsSpan(q, end - q).IndexOf(_separator);
        int fieldEnd = sep < 0 ? end : q + sep;
        start = q;
        stop = fieldEnd;
        while (stop > start && IsBlank(d[stop - 1])) stop--;
        return sep < 0 ? end + 1 : fieldEnd + 1;
    }

    private string Preview(int start, int stop)
    {
        var s = Encoding.UTF8.GetString(_data, start, Math.Min(stop - start, 40));
        return stop - start > 40 ? s + "..." : s;
    }

    /// <summary>Locates field <paramref name="column"/> of a record already known to have enough fields.</summary>
    internal void FieldAt(int record, int column, out int start, out int stop, out bool quoted, out bool escaped)
    {
        int p = _recordStart[record], end = _recordEnd[record];
        start = stop = 0;
        quoted = escaped = false;
        for (int j = 0; j <= column; j++)
            p = NextField(p, end, out start, out stop, out quoted, out escaped);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool IsMissing(ReadOnlySpan<byte> trimmed)
    {
        if (_defaultMissing) return trimmed.Length == 0 || (trimmed.Length == 2 && trimmed[0] == 'N' && trimmed[1] == 'A');
        foreach (var token in _missing)
            if (trimmed.SequenceEqual(token)) return true;
        return false;
    }

    internal ReadOnlySpan<byte> Bytes(int start, int stop) => _data.AsSpan(start, stop - start);

    internal int RecordStart(int record) => _recordStart[record];
    internal int RecordEnd(int record) => _recordEnd[record];

    internal CsvFormatError Ragged(int record, int fields, int expected, IReadOnlyList<ColumnPlan> plans) =>
        new CsvFormatError(DataCodes.RaggedRow, _recordStart[record],
            line => $"line {line} of {Source} has {fields} field{(fields == 1 ? "" : "s")} but the header has {expected} " +
                    $"column{(expected == 1 ? "" : "s")} ({string.Join(", ", plans.Take(8).Select(p => p.Name))}{(plans.Count > 8 ? ", ..." : "")})");

    internal int CountFields(int record)
    {
        int p = _recordStart[record], end = _recordEnd[record], count = 0;
        while (p <= end) { p = NextField(p, end, out _, out _, out _, out _); count++; }
        return count;
    }

    // ---------------------------------------------------------------- header and column plans

    private string[] ReadHeader()
    {
        var names = new List<string>();
        int p = _recordStart[0], end = _recordEnd[0];
        try
        {
            while (p <= end)
            {
                p = NextField(p, end, out int start, out int stop, out _, out bool escaped);
                names.Add(Label(Bytes(start, stop), escaped));
            }
        }
        catch (CsvFormatError e) { throw e.ToException(_data); }

        // Empty header cells are named as R names them (X, X.1, ...): a row-name column written by R has one.
        int unnamed = 0;
        for (int i = 0; i < names.Count; i++)
            if (names[i].Length == 0) names[i] = unnamed++ == 0 ? "X" : $"X.{unnamed - 1}";

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
            if (!seen.TryAdd(names[i], i))
                throw DataErrors.Error(DataCodes.DuplicateColumnName,
                    $"the header of {Source} names two columns '{names[i]}' (columns {seen[names[i]] + 1} and {i + 1}); column names must be unique");
        return names.ToArray();
    }

    internal static string Label(ReadOnlySpan<byte> bytes, bool escaped)
    {
        var s = Encoding.UTF8.GetString(bytes);
        return escaped ? s.Replace("\"\"", "\"") : s;
    }

    private ColumnPlan[] PlanColumns(string[] names)
    {
        var known = new HashSet<string>(names, StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        void Check(IEnumerable<string> requested, string option)
        {
            foreach (var c in requested.Where(c => !known.Contains(c)).Distinct())
                diagnostics.Add(Diagnostic.Error(DataCodes.UnknownColumn,
                    $"{option} names column '{c}', which is not in {Source}{NameSuggestion.DidYouMean(c, names)}; columns: {string.Join(", ", names)}"));
        }
        Check(_options.CategoricalColumns, "the categorical column list");
        Check(_options.LevelOrders.Keys, "a level order");
        Check(_options.OrderedColumns, "the ordered column list");
        if (diagnostics.Count > 0) throw new FormulaLmmException(diagnostics);

        var categorical = new HashSet<string>(_options.CategoricalColumns, StringComparer.Ordinal);
        var ordered = new HashSet<string>(_options.OrderedColumns, StringComparer.Ordinal);
        return names.Select(n => new ColumnPlan(
            n,
            categorical.Contains(n) || ordered.Contains(n) || _options.LevelOrders.ContainsKey(n),
            _options.LevelOrders.TryGetValue(n, out var levels) ? levels : null,
            ordered.Contains(n))).ToArray();
    }

    // ---------------------------------------------------------------- merging blocks

    private CategoricalColumn MergeCategorical(int j, ColumnPlan plan, Block[] blocks, int[][] codes, int rows)
    {
        codes[j] ??= new int[rows];
        foreach (var b in blocks) b.EnsureText(j);

        // One global id per distinct label, in order of first appearance.
        var globalId = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new List<string>();
        var blockMaps = new int[blocks.Length][];
        for (int b = 0; b < blocks.Length; b++)
        {
            var local = blocks[b].Labels(j);
            var map = blockMaps[b] = new int[local.Count];
            for (int i = 0; i < local.Count; i++)
            {
                if (!globalId.TryGetValue(local[i], out int g)) { g = labels.Count; globalId[local[i]] = g; labels.Add(local[i]); }
                map[i] = g;
            }
        }

        bool logical = !plan.ForceCategorical && labels.Count > 0 && labels.All(l => l is "TRUE" or "FALSE" or "T" or "F");
        IReadOnlyList<string> levels = logical ? ColumnFactory.LogicalLevels : LevelOrder.Sort(labels);
        var levelIndex = new Dictionary<string, int>(levels.Count, StringComparer.Ordinal);
        for (int i = 0; i < levels.Count; i++) levelIndex[levels[i]] = i;
        var final = labels.Select(l => levelIndex[logical ? (l is "TRUE" or "T" ? "TRUE" : "FALSE") : l]).ToArray();

        var column = codes[j];
        for (int b = 0; b < blocks.Length; b++)
        {
            var map = blockMaps[b];
            for (int r = blocks[b].First; r < blocks[b].End; r++)
                if (column[r] >= 0) column[r] = final[map[column[r]]];
        }
        var result = new CategoricalColumn(plan.Name, column, levels, plan.Ordered, logical);
        return plan.Levels is null ? result : Table.Reorder(result, plan.Levels, plan.Ordered, $"column '{plan.Name}' of {Source}");
    }

    internal sealed record ColumnPlan(string Name, bool ForceCategorical, IReadOnlyList<string>? Levels, bool Ordered);

    /// <summary>A format error at a byte position; the line number is counted only when it is reported.</summary>
    internal sealed class CsvFormatError(string code, int position, Func<int, string> message) : Exception("CSV format error")
    {
        public int Position { get; } = position;

        public FormulaLmmException ToException(byte[] data)
        {
            int line = 1 + data.AsSpan(0, Math.Min(Position, data.Length)).Count((byte)'\n');
            return DataErrors.Error(code, message(line));
        }
    }

    // ---------------------------------------------------------------- pass 2: one block of rows

    /// <summary>Parses rows [First, End) (0-based data rows; record = row + 1).</summary>
    private sealed class Block
    {
        private readonly CsvParser _p;
        private readonly ColumnPlan[] _plans;
        private readonly double[][] _values;
        private readonly int[][] _codes;
        private readonly Interner?[] _interners;

        public Block(CsvParser parser, ColumnPlan[] plans, double[][] values, int[][] codes, int first, int end)
        {
            _p = parser;
            _plans = plans;
            _values = values;
            _codes = codes;
            First = first;
            End = end;
            _interners = new Interner?[plans.Length];
            for (int j = 0; j < plans.Length; j++)
                if (plans[j].ForceCategorical) _interners[j] = new Interner();
        }

        public int First { get; }
        public int End { get; }

        public bool IsText(int j) => _interners[j] is not null;

        public IReadOnlyList<string> Labels(int j) => _interners[j]!.Labels;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            int columns = _plans.Length;
            for (int row = First; row < End; row++)
            {
                int record = row + 1;
                int p = _p.RecordStart(record), end = _p.RecordEnd(record);
                int j = 0;
                while (p <= end)
                {
                    if (j == columns) throw _p.Ragged(record, _p.CountFields(record), columns, _plans);
                    p = _p.NextField(p, end, out int start, out int stop, out bool quoted, out bool escaped);
                    Store(j, row, start, stop, quoted, escaped);
                    j++;
                }
                if (j != columns) throw _p.Ragged(record, j, columns, _plans);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Store(int j, int row, int start, int stop, bool quoted, bool escaped)
        {
            var bytes = _p.Bytes(start, stop);
            var trimmed = quoted ? bytes.Trim(" \t"u8) : bytes;
            var interner = _interners[j];
            if (interner is null)
            {
                if (_p.IsMissing(trimmed)) { _values[j][row] = double.NaN; return; }
                if (RNumber.TryParse(trimmed, out double v)) { _values[j][row] = v; return; }
                interner = SwitchToText(j, row);
            }
            _codes[j][row] = _p.IsMissing(trimmed) ? -1 : interner.Intern(bytes, escaped);
        }

        /// <summary>Column j met a non-number: re-read this block's earlier rows of it as labels.</summary>
        private Interner SwitchToText(int j, int row)
        {
            var interner = _interners[j] = new Interner();
            if (_codes[j] is null)
                Interlocked.CompareExchange(ref _codes[j], new int[_values[j].Length], null);
            for (int r = First; r < row; r++)
            {
                _p.FieldAt(r + 1, j, out int start, out int stop, out bool quoted, out bool escaped);
                var bytes = _p.Bytes(start, stop);
                _codes[j][r] = _p.IsMissing(quoted ? bytes.Trim(" \t"u8) : bytes) ? -1 : interner.Intern(bytes, escaped);
            }
            return interner;
        }

        /// <summary>Called after all blocks ran: a column categorical elsewhere must be categorical here too.</summary>
        public void EnsureText(int j)
        {
            if (_interners[j] is null) SwitchToText(j, End);
        }
    }

    /// <summary>Distinct labels of one column in one block, looked up by their bytes' characters.</summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly List<string> _labels = new();
        private byte[] _last = new byte[64];
        private int _lastLength = -1;
        private int _lastId = -1;

        public Interner() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

        public IReadOnlyList<string> Labels => _labels;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Intern(ReadOnlySpan<byte> bytes, bool escaped)
        {
            // Data sorted by group repeats a label row after row: compare with the last one first.
            if (_lastLength >= 0 && !escaped && bytes.SequenceEqual(_last.AsSpan(0, _lastLength))) return _lastId;
            Span<char> buffer = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
            int length = Encoding.UTF8.GetChars(bytes, buffer);
            ReadOnlySpan<char> text = buffer[..length];
            string? owned = null;
            if (escaped) text = owned = text.ToString().Replace("\"\"", "\"");
            if (!_lookup.TryGetValue(text, out int id))
            {
                id = _labels.Count;
                var label = owned ?? text.ToString();
                _ids[label] = id;
                _labels.Add(label);
            }
            if (!escaped)
            {
                if (_last.Length < bytes.Length) _last = new byte[bytes.Length * 2];
                bytes.CopyTo(_last);
                _lastLength = bytes.Length;
                _lastId = id;
            }
            return id;
        }
    }
}
