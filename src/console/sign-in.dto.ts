import { IsString, MaxLength } from 'class-validator';

export class SignInDto {
  /** The admin token; sent once, exchanged for the session cookie, never stored by the console. */
  @IsString()
  @MaxLength(1024)
  token!: string;
}
