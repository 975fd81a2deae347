namespace FormulaLmm.Cli;

/// <summary>
/// A command's arguments: positional values and --options (flags or with one value). Options
/// are declared by the command as it reads them; whatever is left unread is reported.
/// </summary>
public sealed class CommandArguments
{
    private readonly List<string> _positional = new();
    private readonly List<(string Name, string? Value)> _options = new();
    private readonly HashSet<string> _read = new();

    public CommandArguments(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a.StartsWith("--") && a.Length > 2)
            {
                var eq = a.IndexOf('=');
                if (eq > 0) _options.Add((a[2..eq], a[(eq + 1)..]));
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--")) _options.Add((a[2..], args[++i]));
                else _options.Add((a[2..], null));
            }
            else _positional.Add(a);
        }
    }

    public IReadOnlyList<string> Positional => _positional;

    /// <summary>A boolean flag. A flag that swallowed the next word as its value gives it back as positional.</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        for (int i = 0; i < _options.Count; i++)
        {
            if (_options[i].Name != name) continue;
            if (_options[i].Value is { } v) _positional.Insert(Math.Min(_positional.Count, PositionalInsertIndex(i)), v);
            _options[i] = (name, null);
            return true;
        }
        return false;
    }

    private int PositionalInsertIndex(int optionIndex) => _positional.Count;

    /// <summary>An option with a value, or null when absent.</summary>
    public string? Option(string name)
    {
        _read.Add(name);
        foreach (var (n, v) in _options)
            if (n == name)
                return v ?? throw new UsageException($"--{name} needs a value");
        return null;
    }

    /// <summary>The single positional argument (e.g. the formula).</summary>
    public string Single(string what)
    {
        if (_positional.Count == 0) throw new UsageException($"missing {what}");
        if (_positional.Count > 1)
            throw new UsageException($"expected one {what} but got {_positional.Count} arguments: quote the formula, e.g. \"y ~ x + (1 | g)\"");
        return _positional[0];
    }

    /// <summary>Fails on options the command did not declare.</summary>
    public void EnsureAllRead()
    {
        var unknown = _options.Select(o => o.Name).Where(n => !_read.Contains(n)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option --{unknown[0]}");
    }
}
