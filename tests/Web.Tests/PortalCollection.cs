using Procurement.Tests.Support;

namespace Procurement.Web.Tests;

/// <summary>One seeded portal shared by the API test classes; each class leaves the demo data as it found it or works on its own rows.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalHost>
{
    public const string Name = "portal";
}
