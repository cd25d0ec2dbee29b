<#
.SYNOPSIS
  Exports the members of an AD group (nested groups included) to a CSV that
  `alignctl export --source csv --input members.csv` reads, for sites whose CI
  cannot reach Active Directory.
.EXAMPLE
  .\Export-JiraAlignGroup.ps1 -Group "JiraAlign-Users" -Path members.csv
#>
param(
  [Parameter(Mandatory)] [string] $Group,
  [Parameter(Mandatory)] [string] $Path,
  [string] $RegionAttribute = "physicalDeliveryOfficeName"
)
Import-Module ActiveDirectory
# -Recursive follows nested groups; disabled accounts are dropped (Enabled -eq $false).
Get-ADGroupMember -Identity $Group -Recursive |
  Where-Object { $_.objectClass -eq "user" } |
  Get-ADUser -Properties givenName, sn, mail, title, $RegionAttribute, Enabled |
  Where-Object { $_.Enabled } |
  Select-Object @{n = "sAMAccountName"; e = { $_.SamAccountName } },
                @{n = "givenName"; e = { $_.GivenName } },
                @{n = "sn"; e = { $_.Surname } },
                @{n = "mail"; e = { $_.mail } },
                @{n = "title"; e = { $_.title } },
                @{n = "region"; e = { $_.$RegionAttribute } },
                @{n = "group"; e = { $Group } } |
  Sort-Object sAMAccountName |
  Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8
