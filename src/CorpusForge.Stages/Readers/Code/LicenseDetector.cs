using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Readers.Code;

/// <summary>Guesses a repository's licence (an SPDX identifier) from the text of its LICENSE or COPYING file.</summary>
/// <remarks>An explicit <c>SPDX-License-Identifier:</c> line wins. Otherwise each licence is recognised by
/// phrases from its official text (SPDX License List, spdx.org/licenses), chosen to be distinctive: e.g. MIT's
/// "Permission is hereby granted, free of charge", BSD-3-Clause's non-endorsement clause "Neither the name".
/// A licence file that matches nothing gives <c>NOASSERTION</c>, SPDX's value for "not determined".</remarks>
public static partial class LicenseDetector
{
    /// <summary>File names (case-insensitive) looked for at a repository's root, in order of preference.</summary>
    public static readonly string[] LicenseFileNames =
    [
        "LICENSE", "LICENSE.txt", "LICENSE.md", "LICENSE.rst", "LICENCE", "LICENCE.txt", "LICENCE.md",
        "COPYING", "COPYING.txt", "COPYING.md", "UNLICENSE", "LICENSE-MIT", "LICENSE-APACHE",
    ];

    // (SPDX id, phrases that must all occur). Checked in order: more specific licences before their relatives.
    private static readonly (string Id, string[] Phrases)[] Signatures =
    [
        ("AGPL-3.0-or-later", ["GNU AFFERO GENERAL PUBLIC LICENSE", "Version 3"]),
        ("LGPL-3.0-or-later", ["GNU LESSER GENERAL PUBLIC LICENSE", "Version 3"]),
        ("LGPL-2.1-or-later", ["GNU LESSER GENERAL PUBLIC LICENSE", "Version 2.1"]),
        ("LGPL-2.0-or-later", ["GNU LIBRARY GENERAL PUBLIC LICENSE", "Version 2"]),
        ("GPL-3.0-or-later", ["GNU GENERAL PUBLIC LICENSE", "Version 3"]),
        ("GPL-2.0-or-later", ["GNU GENERAL PUBLIC LICENSE", "Version 2"]),
        ("Apache-2.0", ["Apache License", "Version 2.0"]),
        ("MPL-2.0", ["Mozilla Public License", "2.0"]),
        ("EPL-2.0", ["Eclipse Public License", "2.0"]),
        ("EPL-1.0", ["Eclipse Public License", "1.0"]),
        ("BSL-1.0", ["Boost Software License", "Version 1.0"]),
        ("CC0-1.0", ["CC0 1.0 Universal"]),
        ("Unlicense", ["This is free and unencumbered software released into the public domain"]),
        ("WTFPL", ["DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE"]),
        ("ISC", ["Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted"]),
        ("Zlib", ["This software is provided 'as-is', without any express or implied warranty", "Permission is granted to anyone to use this software for any purpose"]),
        ("BSD-3-Clause", ["Redistribution and use in source and binary forms", "Neither the name"]),
        ("BSD-2-Clause", ["Redistribution and use in source and binary forms"]),
        ("MIT", ["Permission is hereby granted, free of charge, to any person obtaining a copy"]),
    ];

    [GeneratedRegex(@"SPDX-License-Identifier:\s*([A-Za-z0-9.+\-]+(?:\s+(?:OR|AND|WITH)\s+[A-Za-z0-9.+\-]+)*)", RegexOptions.CultureInvariant)]
    private static partial Regex SpdxTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>The SPDX id for a licence text, or <c>NOASSERTION</c>.</summary>
    public static string Identify(string licenseText)
    {
        var tag = SpdxTag().Match(licenseText);
        if (tag.Success) return tag.Groups[1].Value;
        // Licence files are hard-wrapped at arbitrary widths; compare with whitespace collapsed.
        var flat = Whitespace().Replace(licenseText, " ");
        foreach (var (id, phrases) in Signatures)
        {
            if (!phrases.All(p => flat.Contains(p, StringComparison.OrdinalIgnoreCase))) continue;
            // The GPL family's texts invite "any later version" in their how-to-apply appendix; without it the grant is "only".
            return id.EndsWith("-or-later", StringComparison.Ordinal) && !flat.Contains("any later version", StringComparison.OrdinalIgnoreCase)
                ? id[..^"-or-later".Length] + "-only"
                : id;
        }

        return "NOASSERTION";
    }

    /// <summary>Finds the licence file at <paramref name="repositoryRoot"/> and identifies it; null when there is none.</summary>
    public static (string? Id, string? File) ForRepository(string repositoryRoot)
    {
        if (!Directory.Exists(repositoryRoot)) return (null, null);
        var present = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in Directory.EnumerateFiles(repositoryRoot).Order(StringComparer.Ordinal)) present.TryAdd(Path.GetFileName(f), f);
        foreach (var name in LicenseFileNames)
        {
            if (!present.TryGetValue(name, out var file)) continue;
            var info = new FileInfo(file);
            if (info.Length > 1 << 20) continue;
            try
            {
                return (Identify(File.ReadAllText(file)), Path.GetFileName(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return ("NOASSERTION", Path.GetFileName(file));
            }
        }

        return (null, null);
    }
}
