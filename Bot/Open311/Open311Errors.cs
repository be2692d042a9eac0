namespace ChatIntake.Open311;

/// <summary>The spec's error answer: a list of {code, description} (in XML, &lt;errors&gt;&lt;error&gt;), with the matching HTTP status.</summary>
public static class Open311Errors
{
    public static IResult Result(Open311Format format, int status, params string[] descriptions) =>
        Open311Writer.Result(format, "errors",
            new Open311Node.List("error", [.. descriptions.Select(d => Open311Node.Object(("code", Open311Node.Of(status)), ("description", Open311Node.Of(d))))]), status);
}
