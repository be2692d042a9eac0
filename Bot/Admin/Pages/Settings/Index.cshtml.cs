using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>The administration pages, listed.</summary>
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
