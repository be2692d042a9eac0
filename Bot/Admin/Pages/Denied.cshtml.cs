using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatIntake.Admin.Pages;

/// <summary>Where a signed-in staff member lands when their role may not open a page.</summary>
public sealed class DeniedModel : PageModel
{
    public void OnGet()
    {
    }
}
