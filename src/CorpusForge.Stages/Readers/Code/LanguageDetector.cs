using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Readers.Code;

/// <summary>Names the programming language of a file from its file name, extension or shebang line.</summary>
/// <remarks>Language names, extensions, file names and interpreters follow GitHub Linguist's
/// <c>lib/linguist/languages.yml</c> (checked against the copy Debian ships in <c>ruby-github-linguist</c> 7.22), so
/// language statistics match what GitHub shows. Order of evidence, as in Linguist: exact file name, shebang
/// interpreter, extension, then content heuristics for extensions several languages share. <c>.h</c> follows
/// Linguist's <c>heuristics.yml</c>: Objective-C when the file uses Objective-C directives or <c>#import</c>, C++ when it
/// uses C++-only syntax (the <c>cpp</c> named pattern), else C.</remarks>
public static partial class LanguageDetector
{
    private static readonly Dictionary<string, string> ByFileName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Makefile"] = "Makefile", ["GNUmakefile"] = "Makefile", ["makefile"] = "Makefile",
        ["Dockerfile"] = "Dockerfile", ["Containerfile"] = "Dockerfile",
        ["CMakeLists.txt"] = "CMake",
        ["Rakefile"] = "Ruby", ["Gemfile"] = "Ruby", ["Podfile"] = "Ruby", ["Vagrantfile"] = "Ruby",
        ["Jenkinsfile"] = "Groovy",
        ["BUILD"] = "Starlark", ["BUILD.bazel"] = "Starlark", ["WORKSPACE"] = "Starlark",
        [".bashrc"] = "Shell", [".bash_profile"] = "Shell", [".zshrc"] = "Shell", [".profile"] = "Shell",
        ["meson.build"] = "Meson", ["go.mod"] = "Go Module", ["go.sum"] = "Go Checksums",
        [".vimrc"] = "Vim Script", ["_vimrc"] = "Vim Script", ["Cargo.lock"] = "TOML", ["Pipfile"] = "TOML",
        [".gitignore"] = "Ignore List", [".gitattributes"] = "Git Attributes", [".editorconfig"] = "EditorConfig",
    };

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".c"] = "C", [".h"] = "C",
        [".cc"] = "C++", [".cpp"] = "C++", [".cxx"] = "C++", [".c++"] = "C++", [".hpp"] = "C++", [".hh"] = "C++", [".hxx"] = "C++", [".ipp"] = "C++",
        [".cs"] = "C#", [".csx"] = "C#",
        [".java"] = "Java",
        [".js"] = "JavaScript", [".mjs"] = "JavaScript", [".cjs"] = "JavaScript", [".jsx"] = "JavaScript",
        [".ts"] = "TypeScript", [".mts"] = "TypeScript", [".cts"] = "TypeScript", [".tsx"] = "TSX",
        [".py"] = "Python", [".pyi"] = "Python", [".pyw"] = "Python", [".gyp"] = "Python", [".gypi"] = "Python",
        [".ipynb"] = "Jupyter Notebook",
        [".go"] = "Go",
        [".rs"] = "Rust",
        [".rb"] = "Ruby", [".gemspec"] = "Ruby", [".rake"] = "Ruby",
        [".php"] = "PHP",
        [".swift"] = "Swift",
        [".kt"] = "Kotlin", [".kts"] = "Kotlin",
        [".scala"] = "Scala", [".sc"] = "Scala",
        [".sh"] = "Shell", [".bash"] = "Shell", [".zsh"] = "Shell", [".ksh"] = "Shell",
        [".fish"] = "fish",
        [".ps1"] = "PowerShell", [".psm1"] = "PowerShell", [".psd1"] = "PowerShell",
        [".bat"] = "Batchfile", [".cmd"] = "Batchfile",
        [".pl"] = "Perl", [".pm"] = "Perl", [".t"] = "Perl",
        [".lua"] = "Lua",
        [".r"] = "R",
        [".jl"] = "Julia",
        [".hs"] = "Haskell", [".lhs"] = "Literate Haskell",
        [".ml"] = "OCaml", [".mli"] = "OCaml",
        [".fs"] = "F#", [".fsi"] = "F#", [".fsx"] = "F#",
        [".ex"] = "Elixir", [".exs"] = "Elixir",
        [".erl"] = "Erlang", [".hrl"] = "Erlang",
        [".clj"] = "Clojure", [".cljs"] = "Clojure", [".cljc"] = "Clojure", [".edn"] = "edn",
        [".dart"] = "Dart",
        [".mm"] = "Objective-C++",
        [".sql"] = "SQL",
        [".html"] = "HTML", [".htm"] = "HTML", [".xhtml"] = "HTML",
        [".css"] = "CSS", [".scss"] = "SCSS", [".sass"] = "Sass", [".less"] = "Less",
        [".xml"] = "XML", [".xsd"] = "XML", [".csproj"] = "XML", [".props"] = "XML", [".targets"] = "XML", [".svg"] = "SVG",
        [".xsl"] = "XSLT", [".xslt"] = "XSLT",
        [".json"] = "JSON", [".jsonc"] = "JSON with Comments",
        [".yaml"] = "YAML", [".yml"] = "YAML",
        [".toml"] = "TOML",
        [".ini"] = "INI", [".cfg"] = "INI",
        [".md"] = "Markdown", [".markdown"] = "Markdown",
        [".rst"] = "reStructuredText",
        [".tex"] = "TeX", [".sty"] = "TeX", [".cls"] = "TeX",
        [".cmake"] = "CMake",
        [".mk"] = "Makefile",
        [".groovy"] = "Groovy", [".gradle"] = "Gradle",
        [".tcl"] = "Tcl", [".tm"] = "Tcl", [".adp"] = "Tcl",
        [".vim"] = "Vim Script", [".awk"] = "Awk", [".bzl"] = "Starlark", [".mak"] = "Makefile",
        [".raku"] = "Raku", [".rakumod"] = "Raku", [".coffee"] = "CoffeeScript", [".purs"] = "PureScript",
        [".tsv"] = "TSV", [".bib"] = "BibTeX", [".dockerfile"] = "Dockerfile", [".ps1xml"] = "XML",
        [".vb"] = "Visual Basic .NET",
        [".f"] = "Fortran", [".for"] = "Fortran", [".f77"] = "Fortran",
        [".f90"] = "Fortran Free Form", [".f95"] = "Fortran Free Form", [".f03"] = "Fortran Free Form", [".f08"] = "Fortran Free Form",
        [".asm"] = "Assembly", [".nasm"] = "Assembly", [".s"] = "Unix Assembly",
        [".zig"] = "Zig",
        [".nim"] = "Nim",
        [".vue"] = "Vue", [".svelte"] = "Svelte",
        [".proto"] = "Protocol Buffer",
        [".graphql"] = "GraphQL", [".gql"] = "GraphQL",
        [".sol"] = "Solidity",
        [".v"] = "Verilog", [".sv"] = "SystemVerilog", [".vhd"] = "VHDL", [".vhdl"] = "VHDL",
        [".elm"] = "Elm",
        [".cr"] = "Crystal",
        [".d"] = "D",
        [".pas"] = "Pascal", [".pp"] = "Pascal",
        [".cob"] = "COBOL", [".cbl"] = "COBOL",
        [".lisp"] = "Common Lisp", [".lsp"] = "Common Lisp", [".el"] = "Emacs Lisp",
        [".scm"] = "Scheme", [".ss"] = "Scheme", [".rkt"] = "Racket",
        [".tf"] = "HCL", [".hcl"] = "HCL",
        [".nix"] = "Nix",
        [".pro"] = "Prolog",
        [".ada"] = "Ada", [".adb"] = "Ada", [".ads"] = "Ada",
        [".cu"] = "Cuda", [".cuh"] = "Cuda",
        [".glsl"] = "GLSL", [".hlsl"] = "HLSL",
        [".txt"] = "Text",
        [".csv"] = "CSV",
    };

    private static readonly Dictionary<string, string> ByInterpreter = new(StringComparer.Ordinal)
    {
        ["python"] = "Python", ["python2"] = "Python", ["python3"] = "Python", ["pypy"] = "Python", ["pypy3"] = "Python",
        ["node"] = "JavaScript", ["nodejs"] = "JavaScript", ["deno"] = "TypeScript", ["ts-node"] = "TypeScript",
        ["sh"] = "Shell", ["bash"] = "Shell", ["zsh"] = "Shell", ["ksh"] = "Shell", ["dash"] = "Shell", ["fish"] = "fish",
        ["ruby"] = "Ruby", ["perl"] = "Perl", ["php"] = "PHP", ["lua"] = "Lua", ["Rscript"] = "R",
        ["julia"] = "Julia", ["pwsh"] = "PowerShell", ["groovy"] = "Groovy", ["scala"] = "Scala",
        ["runhaskell"] = "Haskell", ["ocaml"] = "OCaml", ["elixir"] = "Elixir", ["escript"] = "Erlang",
        ["awk"] = "Awk", ["gawk"] = "Awk", ["mawk"] = "Awk", ["nawk"] = "Awk", ["tclsh"] = "Tcl", ["wish"] = "Tcl", ["make"] = "Makefile",
        ["python2.7"] = "Python", ["ash"] = "Shell", ["rc"] = "Shell",
    };

    /// <summary>Number of distinct language names this detector can return.</summary>
    public static int LanguageCount =>
        ByFileName.Values.Concat(ByExtension.Values).Concat(ByInterpreter.Values).Append("Objective-C").Append("MATLAB").Distinct().Count();

    /// <summary>The language of <paramref name="path"/>, or null when unknown. <paramref name="content"/> is the file's
    /// text (or its start), used for shebangs and for extensions several languages share.</summary>
    public static string? Detect(string path, ReadOnlySpan<char> content)
    {
        var name = System.IO.Path.GetFileName(path);
        if (FromModeline(content) is { } byModeline) return byModeline;
        if (ByFileName.TryGetValue(name, out var byName)) return byName;
        if (name.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase)) return "Dockerfile";
        if (FromShebang(content) is { } interpreted) return interpreted;
        var extension = System.IO.Path.GetExtension(name);
        // Linguist's heuristics only read the start of large files; the same bound keeps this linear and cheap.
        var sample = content[..Math.Min(content.Length, HeuristicSampleChars)];
        if (extension.Equals(".m", StringComparison.OrdinalIgnoreCase))
            return ObjectiveC().IsMatch(sample) ? "Objective-C" : "MATLAB";
        if (extension.Equals(".h", StringComparison.OrdinalIgnoreCase))
            return ObjectiveC().IsMatch(sample) ? "Objective-C" : CppOnly().IsMatch(sample) ? "C++" : "C";
        return extension.Length > 0 && ByExtension.TryGetValue(extension, out var byExtension) ? byExtension : null;
    }

    /// <summary>The language named by a <c>#!</c> line (<c>#!/usr/bin/env python3</c>, <c>#!/bin/sh</c>), or null.</summary>
    public static string? FromShebang(ReadOnlySpan<char> head)
    {
        if (!head.StartsWith("#!")) return null;
        head = head[..Math.Min(head.Length, 512)];
        var end = head.IndexOf('\n');
        var line = (end < 0 ? head : head[..end]).ToString().TrimEnd('\r')[2..].Trim();
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        var program = System.IO.Path.GetFileName(parts[0]);
        if (program == "env")
        {
            program = parts.Skip(1).FirstOrDefault(p => !p.StartsWith('-') && !p.Contains('=')) ?? "";
        }

        if (ByInterpreter.TryGetValue(program, out var language)) return language;
        // Versioned interpreters: python3.12, ruby2.7, perl5.
        var trimmed = program.TrimEnd('.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        return ByInterpreter.GetValueOrDefault(trimmed);
    }

    private const int HeuristicSampleChars = 50_000;

    // Modeline values Linguist resolves through its language aliases (languages.yml "aliases"), for the languages
    // named in this detector's tables.
    private static readonly Dictionary<string, string> ModelineAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["c"] = "C", ["c++"] = "C++", ["cpp"] = "C++", ["objc"] = "Objective-C", ["objective-c"] = "Objective-C",
        ["python"] = "Python", ["python3"] = "Python", ["sh"] = "Shell", ["shell"] = "Shell", ["bash"] = "Shell", ["zsh"] = "Shell",
        ["shell-script"] = "Shell", ["tcl"] = "Tcl", ["perl"] = "Perl", ["cperl"] = "Perl", ["ruby"] = "Ruby", ["js"] = "JavaScript",
        ["javascript"] = "JavaScript", ["makefile"] = "Makefile", ["make"] = "Makefile", ["emacs-lisp"] = "Emacs Lisp",
        ["elisp"] = "Emacs Lisp", ["lisp"] = "Common Lisp", ["awk"] = "Awk", ["yaml"] = "YAML", ["json"] = "JSON", ["xml"] = "XML",
        ["html"] = "HTML", ["css"] = "CSS", ["java"] = "Java", ["rust"] = "Rust", ["go"] = "Go", ["lua"] = "Lua", ["vim"] = "Vim Script",
        ["fortran"] = "Fortran", ["f90"] = "Fortran Free Form", ["tex"] = "TeX", ["latex"] = "TeX", ["markdown"] = "Markdown",
    };

    // Linguist's Modeline strategy: an Emacs "-*- mode -*-" / "-*- mode: X -*-" line or a Vim "vim: ft=X" line in the
    // first or last five lines decides the language before anything else.
    private static string? FromModeline(ReadOnlySpan<char> content)
    {
        if (content.IndexOf("-*-") < 0 && content.IndexOf("vim") < 0 && content.IndexOf("ex:") < 0) return null;
        var lines = new List<string>();
        var head = content[..Math.Min(content.Length, 2000)].ToString().Split('\n');
        lines.AddRange(head.Take(5));
        if (content.Length > 2000)
        {
            var tail = content[Math.Max(0, content.Length - 2000)..].ToString().Split('\n');
            lines.AddRange(tail.TakeLast(5));
        }
        else
        {
            lines.AddRange(head.Skip(5).TakeLast(5));
        }

        foreach (var line in lines)
        {
            var match = EmacsModeline().Match(line);
            if (!match.Success) match = VimModeline().Match(line);
            if (match.Success && ModelineAliases.TryGetValue(match.Groups["mode"].Value, out var language)) return language;
        }

        return null;
    }

    [GeneratedRegex(@"-\*-(?:\s*(?<mode>[^:;\s]+)\s*-\*-|.*?\bmode\s*:\s*(?<mode>[^:;\s]+).*?-\*-)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmacsModeline();

    [GeneratedRegex(@"(?:^|\s)(?:vi|vim|Vim|ex)(?:[<=>]?\d+)?:.*?\b(?:ft|filetype|syntax)\s*=\s*(?<mode>[\w+-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex VimModeline();

    // Linguist heuristics.yml, named pattern "objectivec".
    [GeneratedRegex(@"^\s*(?:@(?:interface|class|protocol|property|end|synchronised|selector|implementation)\b|#import\s+.+\.h["">])",
        RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ObjectiveC();

    // Linguist heuristics.yml (v7.22), named pattern "cpp": syntax a C header cannot contain. (A C header that only
    // tests "__cplusplus >= …" for C++ callers stays C, as v7.22 labels it.)
    [GeneratedRegex(@"^\s*#\s*include <(?:cstdint|string|vector|map|list|array|bitset|queue|stack|forward_list|unordered_map|unordered_set|(?:i|o|io)stream)>"
        + @"|^\s*template\s*<|^[ \t]*(?:try|constexpr)|^[ \t]*catch\s*\(|^[ \t]*(?:class|(?:using[ \t]+)?namespace)\s+\w+"
        + @"|^[ \t]*(?:private|public|protected):\r?$|std::\w+",
        RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CppOnly();
}
