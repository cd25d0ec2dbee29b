// Factory functions for every subcommand, one per cmd/cmd_<name>.cpp.
#pragma once

#include "cmd/command.hpp"

namespace alignctl {

Command make_version_command();
Command make_apply_command();
Command make_export_command();
Command make_users_command();
Command make_validate_command();
Command make_plan_command();
Command make_show_command();
Command make_import_command();
Command make_doctor_command();
Command make_undo_command();

} // namespace alignctl
