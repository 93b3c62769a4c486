// Plain-language explanations of the codes AppStream 2.0 (WorkSpaces Applications) puts in
// Image.ImageErrors[].ErrorCode and Image.StateChangeReason.Code.
// Pure data: no `vscode`, no DOM. The details panel's browser script bundles it.

export interface ErrorHelp {
  /** A short title for the problem. */
  title: string;
  /** What usually causes it. */
  cause: string;
  /** What to do about it. */
  fix: string;
  /** An https: AWS documentation page about it. */
  docs?: string;
}

const NOTIFICATION_CODES_DOC = 'https://docs.aws.amazon.com/appstream2/latest/developerguide/troubleshooting-notification-codes.html';
const ACTIVE_DIRECTORY_DOC = 'https://docs.aws.amazon.com/appstream2/latest/developerguide/troubleshooting-active-directory.html';

const SERVICE_ROLE = 'the AppStream service role (AmazonAppStreamServiceAccess)';

function missingServiceRoleAction(action: string, what: string): ErrorHelp {
  return {
    title: `Service role cannot ${what}`,
    cause: `AppStream uses ${SERVICE_ROLE} to manage the elastic network interfaces of the image builder or fleet instances in your VPC. The role's policy does not allow ${action}, so AppStream could not ${what}.`,
    fix: `In IAM, open the role service-role/AmazonAppStreamServiceAccess and make sure the AWS managed policy AmazonAppStreamServiceAccess is attached (it grants ${action} with the other EC2 actions AppStream needs), or add ${action} to your custom policy. Check that no permissions boundary or SCP denies it, then create the image again.`,
    docs: NOTIFICATION_CODES_DOC,
  };
}

function domainJoin(title: string, cause: string, fix: string): ErrorHelp {
  return { title, cause, fix, docs: ACTIVE_DIRECTORY_DOC };
}

/** Known Image.ImageErrors[].ErrorCode values (the FleetErrorCode enumeration). */
export const IMAGE_ERROR_HELP: Readonly<Record<string, ErrorHelp>> = Object.freeze({
  IAM_SERVICE_ROLE_MISSING_ENI_DESCRIBE_ACTION: missingServiceRoleAction('ec2:DescribeNetworkInterfaces', 'describe network interfaces'),
  IAM_SERVICE_ROLE_MISSING_ENI_CREATE_ACTION: missingServiceRoleAction('ec2:CreateNetworkInterface', 'create network interfaces'),
  IAM_SERVICE_ROLE_MISSING_ENI_DELETE_ACTION: missingServiceRoleAction('ec2:DeleteNetworkInterface', 'delete network interfaces'),
  IAM_SERVICE_ROLE_MISSING_DESCRIBE_SUBNET_ACTION: missingServiceRoleAction('ec2:DescribeSubnets', 'describe your subnets'),
  IAM_SERVICE_ROLE_MISSING_DESCRIBE_SECURITY_GROUPS_ACTION: missingServiceRoleAction('ec2:DescribeSecurityGroups', 'describe your security groups'),
  IAM_SERVICE_ROLE_IS_MISSING: {
    title: 'AppStream service role is missing',
    cause: `${SERVICE_ROLE[0].toUpperCase()}${SERVICE_ROLE.slice(1)} does not exist in this account, or its trust policy does not let appstream.amazonaws.com assume it.`,
    fix: 'Create the role service-role/AmazonAppStreamServiceAccess with the AWS managed policy AmazonAppStreamServiceAccess and a trust policy allowing appstream.amazonaws.com to call sts:AssumeRole (opening the AppStream console once and choosing Get Started creates it for you), then retry.',
    docs: NOTIFICATION_CODES_DOC,
  },
  MACHINE_ROLE_IS_MISSING: {
    title: 'Instance IAM role is missing',
    cause: 'The IAM role given to the image builder or fleet (IamRoleArn) does not exist, or AppStream is not allowed to assume it.',
    fix: 'Check that the role exists, that its trust policy allows appstream.amazonaws.com to call sts:AssumeRole, and that whoever launches the builder or fleet has iam:PassRole on it. Or launch without a role.',
    docs: NOTIFICATION_CODES_DOC,
  },
  STS_DISABLED_IN_REGION: {
    title: 'AWS STS is deactivated in this region',
    cause: 'AppStream needs the AWS Security Token Service regional endpoint to get credentials for its roles, and STS is deactivated for this region in the account.',
    fix: 'In the IAM console, Account settings → Security Token Service (STS) → Endpoints, activate STS for this region, then retry.',
    docs: NOTIFICATION_CODES_DOC,
  },
  NETWORK_INTERFACE_LIMIT_EXCEEDED: {
    title: 'Network interface quota reached',
    cause: 'Every image builder and fleet instance needs an elastic network interface in your VPC, and the account has reached its network interface quota in this region.',
    fix: 'Delete unused network interfaces (EC2 → Network Interfaces, status "available"), or request a higher "Network interfaces per Region" quota in Service Quotas.',
    docs: NOTIFICATION_CODES_DOC,
  },
  SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES: {
    title: 'Subnet is out of IP addresses',
    cause: 'The subnet has no free private IPv4 addresses left for the instance\'s network interface.',
    fix: 'Free addresses in the subnet (remove unused network interfaces or instances), or choose a subnet with more available IPv4 addresses (check "Available IPv4 addresses" in the VPC console); add more subnets to spread the load.',
    docs: NOTIFICATION_CODES_DOC,
  },
  SUBNET_NOT_FOUND: {
    title: 'Subnet not found',
    cause: 'A subnet in the VPC configuration no longer exists (it was deleted) or belongs to another VPC or account.',
    fix: 'Update the VPC configuration of the image builder or fleet with existing subnets of the intended VPC.',
    docs: NOTIFICATION_CODES_DOC,
  },
  INVALID_SUBNET_CONFIGURATION: {
    title: 'Invalid subnet configuration',
    cause: 'The subnets cannot be used together: for example they are in different VPCs, or in an Availability Zone AppStream does not support for this instance type.',
    fix: 'Pick subnets from a single VPC, in Availability Zones where AppStream offers the instance type, and retry.',
    docs: NOTIFICATION_CODES_DOC,
  },
  SECURITY_GROUPS_NOT_FOUND: {
    title: 'Security group not found',
    cause: 'A security group in the VPC configuration was deleted or is in a different VPC than the subnets.',
    fix: 'Choose existing security groups that belong to the same VPC as the subnets.',
    docs: NOTIFICATION_CODES_DOC,
  },
  IGW_NOT_ATTACHED: {
    title: 'No internet gateway for default internet access',
    cause: 'Default internet access is enabled, which needs a public subnet in a VPC with an internet gateway attached, and the VPC has none.',
    fix: 'Attach an internet gateway to the VPC and use a public subnet whose route table sends 0.0.0.0/0 to it; or turn off default internet access and give the private subnets a NAT gateway route instead.',
    docs: NOTIFICATION_CODES_DOC,
  },
  IMAGE_NOT_FOUND: {
    title: 'Image not found',
    cause: 'The image the builder or fleet was launched from was deleted, or is no longer shared with this account.',
    fix: 'Choose an existing image, or ask the owning account to share it again (UpdateImagePermissions).',
    docs: NOTIFICATION_CODES_DOC,
  },
  FLEET_STOPPED: {
    title: 'Fleet is stopped',
    cause: 'The operation needs a running fleet and the fleet is stopped.',
    fix: 'Start the fleet and retry.',
    docs: NOTIFICATION_CODES_DOC,
  },
  FLEET_INSTANCE_PROVISIONING_FAILURE: {
    title: 'Instances could not be provisioned',
    cause: 'AppStream could not launch instances, usually for lack of capacity for this instance type in the chosen Availability Zones.',
    fix: 'Retry later, add subnets in other Availability Zones, or choose another instance type.',
    docs: NOTIFICATION_CODES_DOC,
  },
  INTERNAL_SERVICE_ERROR: {
    title: 'Internal service error',
    cause: 'AppStream hit an internal error that is not caused by your configuration.',
    fix: 'Retry. If it keeps happening, contact AWS Support with the image name, region and error time.',
    docs: NOTIFICATION_CODES_DOC,
  },
  VALIDATION_ERROR: {
    title: 'Validation failed',
    cause: 'AppStream rejected an input while creating the image, for example an imported AMI that does not meet the requirements for AppStream images.',
    fix: 'Read the error message for the failing check, correct the source (AMI, settings) and create the image again.',
    docs: NOTIFICATION_CODES_DOC,
  },
  DOMAIN_JOIN_ERROR_FILE_NOT_FOUND: domainJoin(
    'Domain join: organizational unit not found',
    'The organizational unit (OU) distinguished name in the Directory Config does not exist in Active Directory (Windows error 2, ERROR_FILE_NOT_FOUND).',
    'Check the OU distinguished name in the AppStream Directory Config (for example OU=AppStream,DC=corp,DC=example,DC=com): it must be an existing OU, not a container such as CN=Computers.',
  ),
  DOMAIN_JOIN_ERROR_ACCESS_DENIED: domainJoin(
    'Domain join: access denied',
    'The service account in the Directory Config is not allowed to create the computer object in the OU, or a computer object with that name exists and belongs to someone else (Windows error 5).',
    'Delegate to the service account, on the OU, the rights to create and delete computer objects and to write their properties (reset password, validated writes to DNS host name and SPN). Remove stale computer objects from earlier attempts.',
  ),
  DOMAIN_JOIN_ERROR_LOGON_FAILURE: domainJoin(
    'Domain join: logon failure',
    'The service account user name or password in the Directory Config is wrong, or the account is disabled or locked out (Windows error 1326).',
    'Check the account in Active Directory, then update the service account credentials in the Directory Config (user name as DOMAIN\\user).',
  ),
  DOMAIN_JOIN_ERROR_INVALID_PARAMETER: domainJoin(
    'Domain join: invalid parameter',
    'Windows rejected a parameter of the join (Windows error 87), usually a badly formed OU distinguished name or directory name in the Directory Config.',
    'Check the fully qualified directory name and the OU distinguished name (comma-separated OU=/DC= parts, no extra spaces or quotes).',
  ),
  DOMAIN_JOIN_ERROR_MORE_DATA: domainJoin(
    'Domain join: more data is available',
    'The join returned ERROR_MORE_DATA (Windows error 234), which usually points at directory names or OU distinguished names that are malformed or too long.',
    'Check the directory name and OU distinguished name in the Directory Config; shorten or correct them and retry.',
  ),
  DOMAIN_JOIN_ERROR_NO_SUCH_DOMAIN: domainJoin(
    'Domain join: domain cannot be reached',
    'The instance could not find or contact a domain controller for the domain (Windows error 1355): the VPC\'s DNS does not resolve the domain, or network rules block the domain controllers.',
    'Make the VPC use DNS servers that resolve the domain (DHCP options set or Route 53 Resolver rules), and allow traffic from the subnets\' security groups and network ACLs to the domain controllers (DNS 53, Kerberos 88, LDAP 389, SMB 445, RPC 135 and high ports). Check the directory name is the fully qualified domain name.',
  ),
  DOMAIN_JOIN_ERROR_NOT_SUPPORTED: domainJoin(
    'Domain join: request not supported',
    'The domain controller refused the join request as not supported (Windows error 50), for example when required protocols (SMB) are blocked or disabled between the instance and the domain controller.',
    'Check that the domain controllers accept SMB and Kerberos from the subnets and that the domain functional level and DC configuration allow new computers to join; retry.',
  ),
  DOMAIN_JOIN_NERR_INVALID_WORKGROUP_NAME: domainJoin(
    'Domain join: invalid domain name',
    'The directory name in the Directory Config is not a valid domain name (NERR_InvalidWorkgroupName, 2695).',
    'Use the fully qualified domain name of the directory (for example corp.example.com), not its NetBIOS name.',
  ),
  DOMAIN_JOIN_NERR_WORKSTATION_NOT_STARTED: domainJoin(
    'Domain join: Workstation service not running',
    'The Windows Workstation service is not running on the instance (NERR_WkstaNotStarted, 2138), often because it was disabled in the image.',
    'Set the Workstation service to start automatically on an image builder, create a new image from it, and use that image.',
  ),
  DOMAIN_JOIN_ERROR_DS_MACHINE_ACCOUNT_QUOTA_EXCEEDED: domainJoin(
    'Domain join: machine account quota exceeded',
    'The service account has created as many computer accounts as Active Directory allows a user to (ms-DS-MachineAccountQuota, 10 by default; Windows error 8557).',
    'Delegate "Create Computer objects" on the OU to the service account (delegated rights are not limited by the quota), or raise the quota; delete stale computer objects.',
  ),
  DOMAIN_JOIN_NERR_PASSWORD_EXPIRED: domainJoin(
    'Domain join: service account password expired',
    'The password of the service account in the Directory Config has expired (NERR_PasswordExpired, 2242).',
    'Reset the service account\'s password in Active Directory (consider a password that does not expire for it) and update it in the Directory Config.',
  ),
  DOMAIN_JOIN_INTERNAL_SERVICE_ERROR: domainJoin(
    'Domain join: internal service error',
    'AppStream hit an internal error while joining the instance to the domain.',
    'Retry. If it persists, check the directory is healthy and reachable, then contact AWS Support.',
  ),
});

/** Known Image.StateChangeReason.Code values. */
export const STATE_CHANGE_REASON_HELP: Readonly<Record<string, ErrorHelp>> = Object.freeze({
  INTERNAL_ERROR: {
    title: 'Internal error',
    cause: 'AppStream hit an internal error while changing the image\'s state.',
    fix: 'Look at the image errors above for details. Retry the operation; if it keeps failing, contact AWS Support.',
    docs: NOTIFICATION_CODES_DOC,
  },
  IMAGE_BUILDER_NOT_AVAILABLE: {
    title: 'Image builder not available',
    cause: 'The image builder the image was being created from was not available (stopped, deleted or failed) while the image was created.',
    fix: 'Start the image builder, wait until it is Running, and create the image again with Image Assistant or CreateImage.',
    docs: NOTIFICATION_CODES_DOC,
  },
  IMAGE_COPY_FAILURE: {
    title: 'Image copy failed',
    cause: 'Copying the image to another region or account failed, for example because of a quota or a name already used in the destination.',
    fix: 'Check the image quota and existing image names in the destination region, then copy again.',
    docs: NOTIFICATION_CODES_DOC,
  },
  IMAGE_IMPORT_FAILURE: {
    title: 'Image import failed',
    cause: 'Creating an AppStream image from your AMI failed: the AMI does not meet the requirements, or AppStream could not access it.',
    fix: 'Check the image errors for the failing check, make sure the AMI meets the import requirements and is accessible with the role you gave, then import again.',
    docs: NOTIFICATION_CODES_DOC,
  },
  IMAGE_UPDATE_FAILURE: {
    title: 'Managed image update failed',
    cause: 'A managed update of the image (CreateUpdatedImage) did not complete.',
    fix: 'Read the image errors, delete the failed new image if it remains, and start the update again.',
    docs: NOTIFICATION_CODES_DOC,
  },
});

const GENERIC_IMAGE_ERROR: ErrorHelp = {
  title: 'Unrecognized error code',
  cause: 'This code is not in the list this extension knows; AWS may have added it recently.',
  fix: 'Read the error message for details and search the AppStream (WorkSpaces Applications) troubleshooting guide for the code.',
  docs: NOTIFICATION_CODES_DOC,
};

const GENERIC_STATE_REASON: ErrorHelp = {
  title: 'Unrecognized state change reason',
  cause: 'This reason code is not in the list this extension knows; AWS may have added it recently.',
  fix: 'Read the message for details and check the image errors, if any.',
  docs: NOTIFICATION_CODES_DOC,
};

function lookUp(table: Readonly<Record<string, ErrorHelp>>, code: unknown): ErrorHelp | undefined {
  // Own properties only: a code of "constructor" or "__proto__" must not find Object's members.
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined;
}

/** The explanation of an ImageErrors code; a generic one for codes not known. */
export function explainImageError(code: unknown): ErrorHelp {
  return lookUp(IMAGE_ERROR_HELP, code) ?? GENERIC_IMAGE_ERROR;
}

/** The explanation of a StateChangeReason code; falls back to the ImageErrors table, then a generic one. */
export function explainStateChangeReason(code: unknown): ErrorHelp {
  return lookUp(STATE_CHANGE_REASON_HELP, code) ?? lookUp(IMAGE_ERROR_HELP, code) ?? GENERIC_STATE_REASON;
}
