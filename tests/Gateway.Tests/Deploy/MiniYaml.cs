using System.Globalization;
using System.Text;

namespace Gateway.Tests.Deploy;

/// <summary>
/// The YAML subset of the repository's compose and provisioning files: block mappings and sequences,
/// plain, quoted and flow-sequence scalars, comments. Anything else (anchors, tags, block scalars,
/// flow mappings, tabs, duplicate keys) is rejected rather than misread, so a file that needs more
/// fails loudly here. Mappings are <see cref="Dictionary{TKey,TValue}"/>, sequences
/// <see cref="List{T}"/>, scalars strings (types are not resolved).
/// </summary>
public static class MiniYaml
{
    public static object? Parse(string text)
    {
        var lines = new List<Line>();
        var number = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            var content = StripComment(raw).TrimEnd();
            if (content.Trim().Length == 0 || (lines.Count == 0 && content == "---"))
            {
                continue;
            }

            var indent = content.Length - content.TrimStart(' ').Length;
            if (content[indent] == '\t')
            {
                throw Error(number, "tab in indentation");
            }

            lines.Add(new Line(number, indent, content[indent..]));
        }

        if (lines.Count == 0)
        {
            return null;
        }

        var index = 0;
        var root = ParseNode(lines, ref index, lines[0].Indent);
        if (index < lines.Count)
        {
            throw Error(lines[index].Number, "unexpected indentation");
        }

        return root;
    }

    private static object? ParseNode(List<Line> lines, ref int index, int indent)
    {
        var line = lines[index];
        if (IsSequenceItem(line.Text))
        {
            return ParseSequence(lines, ref index, indent);
        }

        if (FindKeyEnd(line.Text) >= 0)
        {
            return ParseMapping(lines, ref index, indent);
        }

        index++;
        return Scalar(line.Text, line.Number);
    }

    private static Dictionary<string, object?> ParseMapping(List<Line> lines, ref int index, int indent)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (index < lines.Count && lines[index].Indent == indent && !IsSequenceItem(lines[index].Text))
        {
            var line = lines[index];
            var keyEnd = FindKeyEnd(line.Text);
            if (keyEnd < 0)
            {
                throw Error(line.Number, "expected 'key: value'");
            }

            var key = Scalar(line.Text[..keyEnd].Trim(), line.Number) as string ?? throw Error(line.Number, "key is not a string");
            var rest = line.Text[(keyEnd + 1)..].Trim();
            index++;
            object? value;
            if (rest.Length > 0)
            {
                value = Scalar(rest, line.Number);
            }
            else if (index < lines.Count && lines[index].Indent > indent)
            {
                value = ParseNode(lines, ref index, lines[index].Indent);
            }
            else if (index < lines.Count && lines[index].Indent == indent && IsSequenceItem(lines[index].Text))
            {
                value = ParseSequence(lines, ref index, indent);
            }
            else
            {
                value = null;
            }

            if (!map.TryAdd(key, value))
            {
                throw Error(line.Number, $"duplicate key '{key}'");
            }
        }

        if (index < lines.Count && lines[index].Indent > indent)
        {
            throw Error(lines[index].Number, "unexpected indentation");
        }

        return map;
    }

    private static List<object?> ParseSequence(List<Line> lines, ref int index, int indent)
    {
        var list = new List<object?>();
        while (index < lines.Count && lines[index].Indent == indent && IsSequenceItem(lines[index].Text))
        {
            var line = lines[index];
            var item = line.Text[1..];
            var offset = item.Length - item.TrimStart(' ').Length + 1;
            item = item.Trim();
            if (item.Length == 0)
            {
                index++;
                list.Add(index < lines.Count && lines[index].Indent > indent ? ParseNode(lines, ref index, lines[index].Indent) : null);
            }
            else if (IsSequenceItem(item))
            {
                throw Error(line.Number, "nested inline sequences are not supported");
            }
            else if (FindKeyEnd(item) >= 0)
            {
                // "- key: value" opens a mapping whose keys line up with "key".
                lines[index] = new Line(line.Number, indent + offset, item);
                list.Add(ParseMapping(lines, ref index, indent + offset));
            }
            else
            {
                index++;
                list.Add(Scalar(item, line.Number));
                if (index < lines.Count && lines[index].Indent > indent)
                {
                    throw Error(lines[index].Number, "multi-line scalars are not supported");
                }
            }
        }

        return list;
    }

    private static bool IsSequenceItem(string text) => text == "-" || text.StartsWith("- ", StringComparison.Ordinal);

    /// <summary>The index of the colon that ends a mapping key ("key:" or "key: …"), outside quotes; -1 when none.</summary>
    private static int FindKeyEnd(string text)
    {
        if (text.StartsWith('[') || text.StartsWith('{'))
        {
            return -1;
        }

        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"')
                {
                    i++;
                }
            }
            else if ((c == '"' || c == '\'') && i == 0)
            {
                quote = c;
            }
            else if (c == ':' && (i == text.Length - 1 || text[i + 1] == ' '))
            {
                return i;
            }
        }

        return -1;
    }

    private static object? Scalar(string text, int number)
    {
        if (text.Length == 0 || text == "~" || text == "null")
        {
            return text.Length == 0 ? "" : null;
        }

        return text[0] switch
        {
            '"' => DoubleQuoted(text, number, out var end) is var s && end == text.Length ? s : throw Error(number, "text after a quoted string"),
            '\'' => SingleQuoted(text, number, out var end) is var s && end == text.Length ? s : throw Error(number, "text after a quoted string"),
            '[' => FlowSequence(text, number),
            '{' or '&' or '*' or '!' or '|' or '>' or '@' or '`' or '%' => throw Error(number, $"unsupported YAML construct '{text[0]}'"),
            _ => text,
        };
    }

    private static List<object?> FlowSequence(string text, int number)
    {
        if (!text.EndsWith(']'))
        {
            throw Error(number, "flow sequences must close on their line");
        }

        var list = new List<object?>();
        var body = text[1..^1].Trim();
        var i = 0;
        while (i < body.Length)
        {
            string item;
            if (body[i] is '"' or '\'')
            {
                var rest = body[i..];
                item = body[i] == '"' ? DoubleQuoted(rest, number, out var end) : SingleQuoted(rest, number, out end);
                i += end;
            }
            else
            {
                var comma = body.IndexOf(',', i);
                var stop = comma < 0 ? body.Length : comma;
                item = body[i..stop].Trim();
                if (item.Length == 0 || item[0] is '[' or '{' or ']' or '}')
                {
                    throw Error(number, "unsupported flow sequence item");
                }

                i = stop;
            }

            list.Add(item);
            while (i < body.Length && body[i] == ' ')
            {
                i++;
            }

            if (i < body.Length)
            {
                if (body[i] != ',')
                {
                    throw Error(number, "expected ',' in flow sequence");
                }

                i++;
                while (i < body.Length && body[i] == ' ')
                {
                    i++;
                }
            }
        }

        return list;
    }

    private static string DoubleQuoted(string text, int number, out int end)
    {
        var builder = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                end = i + 1;
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (++i >= text.Length)
            {
                break;
            }

            _ = text[i] switch
            {
                'n' => builder.Append('\n'),
                't' => builder.Append('\t'),
                'r' => builder.Append('\r'),
                '0' => builder.Append('\0'),
                '"' or '\\' or '/' or ' ' => builder.Append(text[i]),
                'u' when i + 4 < text.Length => builder.Append((char)int.Parse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                _ => throw Error(number, $"unsupported escape '\\{text[i]}'"),
            };
            if (text[i] == 'u')
            {
                i += 4;
            }
        }

        throw Error(number, "unterminated double-quoted string");
    }

    private static string SingleQuoted(string text, int number, out int end)
    {
        var builder = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] != '\'')
            {
                builder.Append(text[i]);
            }
            else if (i + 1 < text.Length && text[i + 1] == '\'')
            {
                builder.Append('\'');
                i++;
            }
            else
            {
                end = i + 1;
                return builder.ToString();
            }
        }

        throw Error(number, "unterminated single-quoted string");
    }

    /// <summary>Drops a comment: '#' at the start or after a space, outside quotes.</summary>
    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'' && (i == 0 || line[i - 1] is ' ' or '[' or ',' or ':' or '-'))
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static FormatException Error(int line, string message) => new($"YAML line {line}: {message}");

    private sealed record Line(int Number, int Indent, string Text);
}
