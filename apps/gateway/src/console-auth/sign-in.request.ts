import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from './domain/password-policy';

/** POST /api/console/session. Only the shape is checked here: a wrong name or password is INVALID_CREDENTIALS. */
export class SignInRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(63)
  username!: string;

  @IsString()
  @IsNotEmpty()
  // UTF-16 code units: twice the policy's code points covers any password the policy accepts.
  @MaxLength(PASSWORD_MAX_LENGTH * 2)
  password!: string;
}
