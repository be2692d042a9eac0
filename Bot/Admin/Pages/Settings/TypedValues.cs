using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>A refused form shows again with what was typed in it, not with what is stored: nothing typed is lost.</summary>
public static class TypedValues
{
    public static string? Kept(this PageModel page, bool refused, string field, string? stored) =>
        refused && page.Request.HasFormContentType ? page.Request.Form[field].ToString() : stored;
}
