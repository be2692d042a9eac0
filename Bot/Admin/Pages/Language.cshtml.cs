using ChatIntake.Admin.Texts;
using ChatIntake.Dialogs.Intake;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatIntake.Admin.Pages;

/// <summary>POST /admin/language: switches the panel between Persian and English and returns to the page.</summary>
public sealed class LanguageModel(Microsoft.Extensions.Options.IOptions<AdminOptions> options) : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public IActionResult OnPost(string? to, string? returnUrl)
    {
        if (IntakeCultures.FromLanguageCode(to) is { } culture)
        {
            Response.Cookies.Append(AdminText.CookieName, culture.TwoLetterISOLanguageName, new CookieOptions
            {
                Path = "/admin", HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
                Secure = Request.IsHttps || options.Value.RequireHttps,
            });
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith("/admin", StringComparison.Ordinal) ? returnUrl : "/admin");
    }
}
